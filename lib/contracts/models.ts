import { z } from "zod";
import type { DriftConfig } from "#app/stats/drift/config";
import { boundedNumber, keySchema, text, timestampSchema, unitSchema } from "./common";
import { MAX_BATCH_ITEMS } from "./ingest";
import { DRIFT_METHODS, DRIFT_SUBJECTS, MODEL_TASKS, type ModelTask } from "#lib/vocabulary";

export const MAX_FEATURES = 200;
export const MAX_FEATURE_OVERRIDES = 500;

export const modelTaskSchema = z.enum(MODEL_TASKS);
export type { ModelTask };

const driftMethodSchema = z.enum(DRIFT_METHODS);
const pValueThreshold = z.number().gt(0).lt(1);
const distanceThreshold = z.number().positive();

const featureOverrideSchema = z.strictObject({
  method: driftMethodSchema.optional(),
  threshold: distanceThreshold.optional().meta({ description: "p-value or distance, as the method decides" }),
  kind: z.enum(["numeric", "categorical"]).optional(),
  bins: z.number().int().min(2).max(100).optional(),
});

/** The engine's DriftConfig (app/stats/drift/config.ts), validated; see docs/statistics-models.md. */
export const driftConfigSchema = z
  .strictObject({
    method: driftMethodSchema
      .optional()
      .meta({ description: "Model-wide method (default: automatic per feature)" }),
    thresholds: z
      .strictObject({
        ks: pValueThreshold.optional(),
        "chi-square": pValueThreshold.optional(),
        wasserstein: distanceThreshold.optional(),
        psi: distanceThreshold.optional(),
        "jensen-shannon": z.number().gt(0).max(1).optional(),
        hellinger: z.number().gt(0).max(1).optional(),
      })
      .optional(),
    bins: z.number().int().min(2).max(100).optional(),
    psiEpsilon: z.number().gt(0).lt(1).optional(),
    unseenShare: z.number().gt(0).lt(1).optional(),
    largeSampleSize: z.number().int().min(1).optional(),
    maxCategoricalNumericValues: z.number().int().min(0).max(1000).optional(),
    minRows: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .meta({ description: "Fewer rows than this in either sample: not enough data (default 100)" }),
    significance: z.number().gt(0).max(1).optional().meta({
      description:
        "A distance drifts only when its matching test (KS or chi-square) has p below this too (default 0.05; 1 turns the check off)",
    }),
    features: z
      .record(text(128).min(1), featureOverrideSchema)
      .refine((f) => Object.keys(f).length <= MAX_FEATURE_OVERRIDES, {
        message: `at most ${MAX_FEATURE_OVERRIDES} feature overrides`,
      })
      .optional()
      .meta({
        description: "Per-feature overrides by name; the score and the label are named 'score' and 'label'",
      }),
  })
  .meta({ id: "DriftConfig" }) satisfies z.ZodType<DriftConfig>;

/** A model's drift configuration as stored. */
export type DriftConfigDocument = z.output<typeof driftConfigSchema>;

export const modelCreateSchema = z
  .strictObject({
    key: keySchema,
    name: text(200).min(1),
    task: modelTaskSchema,
    description: text(2000).optional(),
    driftConfig: driftConfigSchema.optional(),
  })
  .meta({ id: "ModelCreate" });

export type ModelCreate = z.infer<typeof modelCreateSchema>;

export const versionNameSchema = text(128)
  .min(1)
  .meta({ description: "Model version, e.g. 'v3' or '2026-11-20'" });

const referenceWindowSchema = z.object({
  from: z.string(),
  to: z.string(),
  default: z.boolean().meta({ description: "True when not set: the version's first 7 days of predictions" }),
});

export const modelVersionSchema = z
  .object({
    version: z.string(),
    createdAt: z.string(),
    predictions: z.number().int(),
    firstPredictionAt: z.string().nullable(),
    lastPredictionAt: z.string().nullable(),
    reference: referenceWindowSchema.nullable().meta({ description: "Null until the first prediction" }),
  })
  .meta({ id: "ModelVersion" });

export type ModelVersionView = z.infer<typeof modelVersionSchema>;

export const modelSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    task: modelTaskSchema,
    description: z.string().nullable(),
    driftConfig: driftConfigSchema.nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Model" });

export type ModelView = z.infer<typeof modelSchema>;

export const modelDetailSchema = modelSchema
  .extend({ versions: z.array(modelVersionSchema) })
  .meta({ id: "ModelDetail" });

export type ModelDetailView = z.infer<typeof modelDetailSchema>;

export const referenceWindowInputSchema = z
  .strictObject({ from: timestampSchema, to: timestampSchema })
  .refine((w) => w.from < w.to, { path: ["to"], message: "must be after from" })
  .meta({ id: "ReferenceWindow" });

const featureValueSchema = z.union([boundedNumber(), text(1024), z.boolean(), z.null()], {
  error: "must be a number within ±1e15, a string of at most 1024 characters, a boolean or null",
});

export const featuresSchema = z
  .record(text(128).min(1), featureValueSchema, {
    error: (issue) =>
      issue.code === "invalid_key" ? "feature names must be 1–128 storable characters" : undefined,
  })
  .refine((f) => Object.keys(f).length <= MAX_FEATURES, { message: `at most ${MAX_FEATURES} features` })
  .meta({ description: "Feature values by name: numbers within ±1e15, strings, booleans or null (missing)" });

export const predictionSchema = z.strictObject({
  id: text(128).min(1).meta({ description: "Client idempotency key: a re-sent prediction is stored once" }),
  model: keySchema.meta({ description: "Key of a registered model" }),
  version: versionNameSchema.meta({ description: "Created on first sight" }),
  timestamp: timestampSchema,
  score: boundedNumber().meta({
    description:
      "Within ±1e15; a probability in [0, 1] for binary classification, the prediction for regression",
  }),
  features: featuresSchema.optional(),
  unit: unitSchema.optional(),
  query: text(256).min(1).optional().meta({ description: "Ranked-list id (required for ranking models)" }),
  item: text(256).min(1).optional(),
  rank: z.number().int().min(1).max(1_000_000).optional().meta({ description: "1-based served position" }),
});

export const predictionsBatchSchema = z
  .strictObject({ predictions: z.array(predictionSchema).min(1).max(MAX_BATCH_ITEMS) })
  .meta({ id: "PredictionsBatch" });

export type PredictionsBatch = z.infer<typeof predictionsBatchSchema>;

export const labelSchema = z.strictObject({
  predictionId: text(128).min(1),
  label: boundedNumber().meta({
    description: "Within ±1e15: 0 or 1 (binary), the target (regression), relevance ≥ 0 (ranking)",
  }),
  timestamp: timestampSchema.optional().meta({ description: "When the outcome was observed (default: now)" }),
});

export const labelsBatchSchema = z
  .strictObject({ labels: z.array(labelSchema).min(1).max(MAX_BATCH_ITEMS) })
  .meta({ id: "LabelsBatch" });

export type LabelsBatch = z.infer<typeof labelsBatchSchema>;

export const labelsResultSchema = z
  .object({
    accepted: z.number().int().meta({ description: "Labels for predictions that had none" }),
    updated: z
      .number()
      .int()
      .meta({ description: "Labels that replaced an earlier one (also one sent earlier in the same batch)" }),
  })
  .meta({ id: "LabelsResult" });

/** Query timestamps are not bounded like ingested ones: any ISO-8601 instant is a valid bound. */
const queryTimestampSchema = z.iso
  .datetime({ offset: true, message: "must be an ISO-8601 date-time with a time zone" })
  .transform((value) => new Date(value));

const monitoringQueryFields = {
  version: versionNameSchema.optional().meta({ description: "Only this version" }),
  from: queryTimestampSchema
    .optional()
    .meta({ description: "Windows starting at or after this ISO-8601 time" }),
  to: queryTimestampSchema.optional().meta({ description: "Windows starting before this ISO-8601 time" }),
};

const fromBeforeTo = (q: { from?: Date; to?: Date }) => !q.from || !q.to || q.from < q.to;

export const driftQuerySchema = z
  .strictObject({
    ...monitoringQueryFields,
    include: z
      .literal("bins")
      .optional()
      .meta({ description: "bins: add each snapshot's reference and current histogram counts" }),
  })
  .refine(fromBeforeTo, { path: ["to"], message: "must be after from" });

export const performanceQuerySchema = z
  .strictObject({
    ...monitoringQueryFields,
    include: z.literal("details").optional().meta({
      description:
        "details: add the calibration bins (ece) and confusion counts (accuracy, precision, recall, f1)",
    }),
  })
  .refine(fromBeforeTo, { path: ["to"], message: "must be after from" });

export type DriftQuery = z.infer<typeof driftQuerySchema>;
export type PerformanceQuery = z.infer<typeof performanceQuerySchema>;
export type MonitoringQuery = Pick<DriftQuery, "version" | "from" | "to">;

const countsSchema = z.object({
  counts: z.array(z.number().int()).meta({ description: "One count per bin, in bin order" }),
  missing: z.number().int().meta({ description: "Predictions with the value missing" }),
});

export const driftHistogramsSchema = z
  .object({
    edges: z.array(z.number()).optional().meta({
      description: "Numeric binning: interior edges e₁…e_k; bins are (−∞, e₁), [e₁, e₂), …, [e_k, +∞)",
    }),
    categories: z.array(z.string()).optional().meta({
      description: "Categorical binning: the reference's kept categories; counts end with one 'other' bin",
    }),
    reference: countsSchema,
    current: countsSchema,
  })
  .meta({ id: "DriftHistograms" });

export const driftSnapshotSchema = z
  .object({
    version: z.string(),
    feature: z.string(),
    kind: z.enum(DRIFT_SUBJECTS),
    method: driftMethodSchema,
    statistic: z.number().nullable(),
    pValue: z.number().optional().meta({ description: "Only for KS and chi-square" }),
    threshold: z.number().nullable(),
    drifted: z.boolean(),
    windowStart: z.string(),
    windowEnd: z.string(),
    referenceCount: z.number().int(),
    currentCount: z.number().int(),
    status: z.string().meta({
      description: "ok, or why the numbers are null: NOT_ENOUGH_DATA, ZERO_VARIANCE, ALL_MISSING, …",
    }),
    bins: driftHistogramsSchema.optional().meta({ description: "With include=bins" }),
  })
  .meta({ id: "DriftSnapshot" });

export type DriftSnapshotView = z.infer<typeof driftSnapshotSchema>;

export const performanceSnapshotSchema = z
  .object({
    version: z.string(),
    metric: z
      .string()
      .meta({ description: "auc, log_loss, brier, accuracy, ece, rmse, ndcg, label_coverage, …" }),
    k: z.number().int().optional().meta({ description: "Cut-off of ranking metrics" }),
    value: z.number().nullable().meta({ description: "Null when the window cannot define the metric" }),
    count: z.number().int().meta({
      description: "Labelled predictions; ranking: queries averaged; label_coverage: all predictions",
    }),
    windowStart: z.string(),
    windowEnd: z.string(),
    calibration: z
      .array(
        z.object({
          lower: z.number(),
          upper: z.number(),
          count: z.number().int(),
          meanPredicted: z.number().nullable(),
          observedRate: z.number().nullable(),
        }),
      )
      .optional()
      .meta({ description: "With include=details, on ece: the reliability bins" }),
    confusion: z
      .object({ tp: z.number().int(), fp: z.number().int(), tn: z.number().int(), fn: z.number().int() })
      .optional()
      .meta({ description: "With include=details, on the threshold metrics: counts at the 0.5 threshold" }),
  })
  .meta({ id: "PerformanceSnapshot" });

export type PerformanceSnapshotView = z.infer<typeof performanceSnapshotSchema>;
