import { z } from "zod";
import { eventNameSchema, keySchema, text } from "./common";
import { METRIC_TYPES } from "#lib/vocabulary";

export const metricTypeSchema = z.enum(METRIC_TYPES);

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
  })
  .superRefine((m, ctx) => {
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
    createdAt: z.string(),
  })
  .meta({ id: "Metric" });

export type MetricView = z.infer<typeof metricSchema>;
