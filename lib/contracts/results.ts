import { z } from "zod";
import { settingsSchema } from "./experiments";
import { METRIC_ROLES, METRIC_TYPES } from "#lib/vocabulary";

const num = z.number().nullable();

/** Health checks whose failure makes a readout untrustworthy (app/stats/experiment/health.ts). */
export const HEALTH_CODES = ["SAMPLE_RATIO_MISMATCH", "MULTIPLE_EXPOSURES"] as const;

/** The sufficient statistics one arm fed the readout: enough to re-analyse without the raw events. */
export const armSumsSchema = z
  .object({
    n: z.number().int().meta({ description: "Units in the arm" }),
    sum: z.number().meta({ description: "Σy over units" }),
    sumSquares: z.number().optional().meta({ description: "Σy²" }),
    denominatorSum: z.number().optional().meta({ description: "Ratio metrics: Σ denominator" }),
    denominatorSumSquares: z.number().optional().meta({ description: "Ratio metrics: Σ denominator²" }),
    sumProduct: z.number().optional().meta({ description: "Ratio metrics: Σ numerator·denominator" }),
    covariateSum: z.number().optional().meta({ description: "CUPED: Σx of the pre-period covariate" }),
    covariateSumSquares: z.number().optional().meta({ description: "CUPED: Σx²" }),
    covariateSumProduct: z.number().optional().meta({ description: "CUPED: Σy·x" }),
  })
  .meta({ id: "ArmSums" });

export const variantResultSchema = z.object({
  variant: z.string(),
  units: z.number().int(),
  mean: num,
  absoluteDiff: num.optional(),
  relativeLift: num.optional().meta({ description: "(μ_t − μ_c)/|μ_c| (CUPED-adjusted when CUPED is on)" }),
  ciLow: num.optional().meta({ description: "Interval bounds of the relative lift" }),
  ciHigh: num.optional(),
  pValue: num.optional().meta({ description: "Two-sided; always-valid when sequential; null for Bayesian" }),
  adjustedPValue: z
    .number()
    .optional()
    .meta({ description: "Holm or Benjamini–Hochberg over metrics × variants" }),
  chanceToWin: num.optional(),
  risk: z.object({ control: z.number(), variant: z.number() }).nullable().optional(),
  varianceReduction: num.optional(),
  significant: z.boolean().optional(),
  verdict: z.enum(["better", "worse", "inconclusive", "untrustworthy"]).optional().meta({
    description:
      "better/worse: significant in the metric's good/bad direction; untrustworthy: a health check failed (see verdictReasons and health), the numbers are shown for diagnosis only",
  }),
  verdictReasons: z
    .array(z.enum(HEALTH_CODES))
    .optional()
    .meta({ description: "Present with verdict untrustworthy: the failed health checks" }),
  status: z
    .string()
    .optional()
    .meta({ description: "ok, or why no answer: NOT_ENOUGH_DATA, ZERO_VARIANCE, …" }),
  sums: armSumsSchema.optional().meta({
    description:
      "The sums this arm fed the readout, in POST /analyze's variant fields (covariate sums only when CUPED was on); absent in snapshots stored before they were recorded",
  }),
});

const metricResultSchema = z.object({
  metric: z.string(),
  role: z.enum(METRIC_ROLES),
  type: z.enum(METRIC_TYPES),
  higherIsBetter: z.boolean(),
  variants: z.array(variantResultSchema).meta({ description: "Control first (units and mean only)" }),
  capping: z
    .object({
      type: z.enum(["absolute", "percentile"]),
      value: z.number(),
      ignoreZeros: z.boolean(),
      cap: num.meta({
        description:
          "The value each unit's value (and CUPED covariate) was clipped at in this snapshot: the absolute cap, or the percentile over all units as of asOf; null when there was nothing to take a percentile of",
      }),
    })
    .optional()
    .meta({ description: "Present when the metric is capped (winsorised)" }),
});

/** One dimension's breakdown: the readout per value, exploratory (see `note`). */
const breakdownSchema = z
  .object({
    dimension: z.string(),
    note: z.string().meta({ description: "Why these comparisons are exploratory, in words" }),
    comparisons: z.number().int().meta({
      description:
        "Treatment-vs-control comparisons across all cells and metrics (the family no correction spans)",
    }),
    expectedFalsePositives: z.number().meta({
      description:
        "alpha × comparisons: how many significant cells chance alone would give if nothing differed",
    }),
    values: z.array(
      z.object({
        value: z
          .string()
          .nullable()
          .meta({ description: "The attribute value; null for kind unset or other" }),
        kind: z.enum(["value", "unset", "other"]).meta({
          description:
            "value; unset: units assigned without this attribute; other: values beyond the top 20 by units",
        }),
        units: z.record(z.string(), z.number()),
        srm: z.object({ pValue: num, flagged: z.boolean() }),
        metrics: z.array(metricResultSchema),
      }),
    ),
  })
  .meta({ id: "ExperimentBreakdown" });

export const resultsSchema = z
  .object({
    experiment: z.string(),
    asOf: z.string(),
    computedAt: z.string(),
    engine: z.enum(["frequentist", "bayesian"]),
    settings: settingsSchema,
    srm: z.object({
      pValue: num,
      flagged: z.boolean(),
      counts: z.record(z.string(), z.number()),
      status: z.string().meta({
        description: "ok (split passed), flagged (mismatch, p < 0.001), or why it could not be checked",
      }),
    }),
    health: z
      .object({
        trustworthy: z.boolean(),
        reasons: z.array(z.object({ code: z.enum(HEALTH_CODES), message: z.string() })),
      })
      .optional()
      .meta({
        description:
          "Failed trust checks (SRM, ≥ 1% multiple exposures) make every verdict untrustworthy (absent in snapshots stored before health was recorded)",
      }),
    metrics: z.array(metricResultSchema),
    breakdowns: z.array(breakdownSchema).optional().meta({
      description:
        "Per value of each dimension the experiment lists (settings.dimensions): latest snapshot only, absent from history points",
    }),
    unitsPerDay: z.array(z.object({ day: z.string(), counts: z.record(z.string(), z.number()) })),
    dataQuality: z.object({
      assignmentConflicts: z.number(),
      unassignedEvents: z.number(),
      outsideWindow: z
        .object({
          assignmentsBeforeStart: z.number().int(),
          assignmentsAfterStop: z.number().int(),
          eventsAfterStop: z.number().int(),
        })
        .optional()
        .meta({
          description:
            "Data outside the analysis window [start, stop), excluded from every number above (absent in snapshots stored before it was counted)",
        }),
      outOfRangeEvents: z.number().int().optional().meta({
        description:
          "Metric events whose value is beyond ±1e15 (stored before the API refused them), left out of every number above",
      }),
      warnings: z.array(z.string()),
    }),
  })
  .meta({ id: "ExperimentResults" });

/** A stored results snapshot: what the results job writes and GET …/results publishes. */
export type ResultsDocument = z.output<typeof resultsSchema>;

export const resultsHistorySchema = z
  .object({ experiment: z.string(), points: z.array(resultsSchema) })
  .meta({ id: "ExperimentResultsHistory" });
