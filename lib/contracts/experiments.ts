import { z } from "zod";
import { keySchema, text } from "./common";
import { attributeKeySchema } from "./ingest";
import { EXPERIMENT_STATUSES } from "#lib/vocabulary";

const WEIGHT_TOLERANCE = 1e-9;
/** Breakdowns per experiment: each costs the results job one more pass over the rollup. */
const MAX_DIMENSIONS = 5;
/** Default N* of the confidence sequence (GrowthBook's default sequential tuning parameter). */
const DEFAULT_SEQUENTIAL_TUNING = 5000;

export const variantInputSchema = z.strictObject({
  key: keySchema,
  name: text(200).optional(),
  weight: z.number().positive().max(1),
  model: text(200).optional().meta({ description: "Key of the model this arm serves (links model health)" }),
  modelVersion: text(200).optional(),
});

/**
 * Sequential testing, one vocabulary for experiment settings and the analyze API: `true` (the
 * default tuning), `false`, or `{ tuning }` for the total units at which the confidence sequence
 * is tightest.
 */
export const sequentialSettingSchema = z
  .union([
    z.boolean(),
    z.strictObject({
      tuning: z.number().positive().optional().meta({
        description: "Total units at which the confidence sequence is tightest (N*); default 5000.",
      }),
    }),
  ])
  .meta({
    description:
      "Always-valid confidence sequences and p-values (safe peeking): true, false, or { tuning } (default 5000).",
  });

export type SequentialSetting = z.output<typeof sequentialSettingSchema>;

/** The engine's option for a sequential setting in either form: undefined when off. */
export function sequentialOption(setting: SequentialSetting | undefined): { tuning: number } | undefined {
  if (!setting) return undefined;
  return {
    tuning: setting === true ? DEFAULT_SEQUENTIAL_TUNING : (setting.tuning ?? DEFAULT_SEQUENTIAL_TUNING),
  };
}

const settingFields = {
  engine: z.enum(["frequentist", "bayesian"]),
  alpha: z.number().gt(0).lt(0.5),
  sequential: sequentialSettingSchema,
  correction: z.enum(["none", "holm", "bh"]),
  cuped: z.boolean(),
  dimensions: z
    .array(attributeKeySchema)
    .max(MAX_DIMENSIONS)
    .refine((d) => new Set(d).size === d.length, { message: "lists a dimension twice" })
    .meta({
      description:
        'Assignment attributes to break results down by (≤ 5), e.g. ["platform", "country"]: per value (top 20 by units, the rest as other), exploratory',
    }),
};

export const settingsSchema = z.strictObject({
  engine: settingFields.engine.default("frequentist"),
  alpha: settingFields.alpha.default(0.05),
  sequential: settingFields.sequential.default(false),
  correction: settingFields.correction.default("none"),
  cuped: settingFields.cuped.default(false),
  // Optional rather than defaulted: settings stored before breakdowns existed have none.
  dimensions: settingFields.dimensions.optional(),
});

/** An experiment's analysis settings as stored (defaults applied). */
export type ExperimentSettings = z.output<typeof settingsSchema>;

// Without defaults: a patch that leaves a setting out keeps its stored value.
const settingsPatchSchema = z.strictObject(settingFields).partial();

export const metricsRefSchema = z.strictObject({
  primary: keySchema,
  secondary: z.array(keySchema).max(50).default([]),
  guardrails: z.array(keySchema).max(50).default([]),
});

function checkVariants(variants: Array<{ key: string; weight: number }>, ctx: z.RefinementCtx, base: string) {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  if (Math.abs(total - 1) > WEIGHT_TOLERANCE) {
    ctx.addIssue({ code: "custom", path: [base], message: `weights must sum to 1 (they sum to ${total})` });
  }
  const seen = new Set<string>();
  variants.forEach((v, i) => {
    if (seen.has(v.key))
      ctx.addIssue({ code: "custom", path: [base, i, "key"], message: `duplicate variant key "${v.key}"` });
    seen.add(v.key);
  });
}

function checkMetricRoles(metrics: z.infer<typeof metricsRefSchema>, ctx: z.RefinementCtx) {
  const seen = new Set<string>([metrics.primary]);
  for (const role of ["secondary", "guardrails"] as const) {
    metrics[role].forEach((key, i) => {
      if (seen.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["metrics", role, i],
          message: `metric "${key}" is listed twice`,
        });
      }
      seen.add(key);
    });
  }
}

const variantsSchema = z
  .array(variantInputSchema)
  .min(2, "needs 2–10 variants")
  .max(10, "needs 2–10 variants");

export const experimentCreateSchema = z
  .strictObject({
    key: keySchema,
    name: text(200).min(1),
    hypothesis: text(5000).optional(),
    unit: keySchema.default("user").meta({ description: "What is randomised: user, session, …" }),
    variants: variantsSchema.meta({ description: "Arms; the first is the control" }),
    metrics: metricsRefSchema,
    settings: settingsSchema.default({
      engine: "frequentist",
      alpha: 0.05,
      sequential: false,
      correction: "none",
      cuped: false,
    }),
  })
  .superRefine((e, ctx) => {
    checkVariants(e.variants, ctx, "variants");
    checkMetricRoles(e.metrics, ctx);
  })
  .meta({ id: "ExperimentCreate" });

export type ExperimentCreate = z.infer<typeof experimentCreateSchema>;

export const experimentPatchSchema = z
  .strictObject({
    name: text(200).min(1).optional(),
    hypothesis: text(5000).nullable().optional(),
    unit: keySchema.optional(),
    variants: variantsSchema.optional().meta({ description: "Only while the experiment is a draft" }),
    metrics: metricsRefSchema.optional(),
    settings: settingsPatchSchema.optional(),
  })
  .superRefine((e, ctx) => {
    if (e.variants) checkVariants(e.variants, ctx, "variants");
    if (e.metrics) checkMetricRoles(e.metrics, ctx);
  })
  .meta({ id: "ExperimentPatch" });

export type ExperimentPatch = z.infer<typeof experimentPatchSchema>;

export const experimentSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    hypothesis: z.string().nullable(),
    unit: z.string(),
    status: z.enum(EXPERIMENT_STATUSES),
    salt: z
      .string()
      .meta({ description: "Hash salt; with it a client can assign offline (docs/assignment.md)" }),
    variants: z.array(
      z.object({
        key: z.string(),
        name: z.string().nullable(),
        weight: z.number(),
        model: z.string().nullable(),
        modelVersion: z.string().nullable(),
      }),
    ),
    metrics: z.object({
      primary: z.string(),
      secondary: z.array(z.string()),
      guardrails: z.array(z.string()),
    }),
    settings: settingsSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    startedAt: z.string().nullable(),
    stoppedAt: z.string().nullable(),
  })
  .meta({ id: "Experiment" });

export type ExperimentView = z.infer<typeof experimentSchema>;
