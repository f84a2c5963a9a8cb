import { z } from "zod";
import { eventNameSchema, keySchema, text } from "./common";
import { METRIC_TYPES } from "#lib/vocabulary";

export const metricTypeSchema = z.enum(METRIC_TYPES);

/**
 * Winsorisation of each unit's aggregated value, as GrowthBook's metric "capping": an absolute cap,
 * or a percentile of the per-unit values over all units of the experiment, computed per results
 * run. Only the upper end is capped (as GrowthBook); the CUPED pre-period value is capped at the
 * same value.
 */
export const metricCappingSchema = z
  .strictObject({
    type: z.enum(["absolute", "percentile"]).meta({
      description: "absolute: cap at `value`; percentile: cap at the `value` quantile of the per-unit values",
    }),
    value: z.number().positive().meta({
      description: "absolute: the cap (> 0); percentile: a fraction in (0, 1), e.g. 0.99 for p99",
      example: 0.99,
    }),
    ignoreZeros: z.boolean().default(false).meta({
      description:
        "percentile only: leave units whose value is 0 out of the percentile (they are still analysed)",
    }),
  })
  .superRefine((c, ctx) => {
    if (c.type === "percentile" && !(c.value < 1)) {
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: "a percentile cap is a fraction in (0, 1), e.g. 0.99 for p99",
      });
    }
    if (c.type === "absolute" && !Number.isFinite(c.value)) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "must be finite" });
    }
    if (c.type === "absolute" && c.ignoreZeros) {
      ctx.addIssue({ code: "custom", path: ["ignoreZeros"], message: "only used by percentile caps" });
    }
  })
  .meta({ id: "MetricCapping" });

export type MetricCapping = z.output<typeof metricCappingSchema>;

export const metricCreateSchema = z
  .strictObject({
    key: keySchema,
    name: text(200).min(1),
    description: text(2000).optional(),
    type: metricTypeSchema.meta({
      description:
        "proportion: share of units with ≥1 `event`; mean: per-unit sum of `event` values over all units; " +
        "ratio: Σ numerator values ÷ Σ denominator values (delta method)",
    }),
    event: eventNameSchema.optional(),
    numerator: eventNameSchema.optional(),
    denominator: eventNameSchema.optional(),
    higherIsBetter: z.boolean().default(true),
    windowHours: z
      .number()
      .positive()
      .max(24 * 365)
      .optional()
      .meta({ description: "Count only events within this many hours after the unit's assignment" }),
    capping: metricCappingSchema.optional().meta({
      description: "Mean metrics only: cap (winsorise) each unit's value before the sums",
    }),
  })
  .superRefine((m, ctx) => {
    if (m.capping && m.type !== "mean") {
      ctx.addIssue({ code: "custom", path: ["capping"], message: "only mean metrics can be capped" });
    }
    if (m.type === "ratio") {
      if (!m.numerator)
        ctx.addIssue({ code: "custom", path: ["numerator"], message: "required for a ratio metric" });
      if (!m.denominator)
        ctx.addIssue({ code: "custom", path: ["denominator"], message: "required for a ratio metric" });
      if (m.event) ctx.addIssue({ code: "custom", path: ["event"], message: "not used by a ratio metric" });
    } else {
      if (!m.event)
        ctx.addIssue({ code: "custom", path: ["event"], message: `required for a ${m.type} metric` });
      for (const field of ["numerator", "denominator"] as const) {
        if (m[field]) ctx.addIssue({ code: "custom", path: [field], message: `only used by ratio metrics` });
      }
    }
  })
  .meta({ id: "MetricCreate" });

export type MetricCreate = z.infer<typeof metricCreateSchema>;

export const metricSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    type: metricTypeSchema,
    event: z.string().nullable(),
    numerator: z.string().nullable(),
    denominator: z.string().nullable(),
    higherIsBetter: z.boolean(),
    windowHours: z.number().nullable(),
    capping: metricCappingSchema.nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Metric" });

export type MetricView = z.infer<typeof metricSchema>;
