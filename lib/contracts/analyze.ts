/**
 * Request/response contract of POST /api/v1/analyze: a stateless statistics calculator over
 * sufficient statistics. The request schema rejects anything the engine would have to guess about,
 * with issue paths that point at the offending field (e.g. `variants.1.denominatorSum`).
 */
import { z } from "zod";
import { COMPARISON_STATUSES } from "#app/stats/experiment/types";
import { METRIC_TYPES } from "#lib/vocabulary";
import { MAX_ABS_VALUE } from "./common";
import { sequentialSettingSchema } from "./experiments";

const VARIANT_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;

// Relative slack for Cauchy–Schwarz checks on client-computed sums, which carry rounding error.
const CONSISTENCY_SLACK = 1e-9;

/**
 * The largest sums Northstar's own data could produce: a trillion units (MAX_UNITS), each with a
 * value within ±1e15 (the ingest bound, MAX_ABS_VALUE), give |Σy| ≤ 1e27 and Σy², Σxy ≤ 1e42.
 * Beyond them the numbers are a unit bug or garbage, and the engine's squares and products of
 * them would lose all precision or overflow into NaN answers: a 400 naming the field instead.
 */
const MAX_UNITS = 1e12;
const MAX_SUM = MAX_UNITS * MAX_ABS_VALUE;
const MAX_SQUARES = MAX_UNITS * MAX_ABS_VALUE ** 2;

const sumField = (description: string) =>
  z.number().min(-MAX_SUM, "must be within ±1e27").max(MAX_SUM, "must be within ±1e27").meta({ description });
const productField = (description: string) =>
  z
    .number()
    .min(-MAX_SQUARES, "must be within ±1e42")
    .max(MAX_SQUARES, "must be within ±1e42")
    .meta({ description });
const squaresField = (description: string) =>
  z.number().min(0).max(MAX_SQUARES, "must be at most 1e42").meta({ description });

export const analyzeVariantSchema = z
  .strictObject({
    key: z
      .string()
      .regex(VARIANT_KEY, "must match [a-z0-9][a-z0-9_-]{0,63}")
      .meta({ description: "Variant key." }),
    n: z
      .int()
      .min(0)
      .max(MAX_UNITS, "must be at most 1e12")
      .meta({ description: "Number of experimental units (e.g. users) in the variant; at most 1e12." }),
    sum: sumField("Σy over units (proportions: number of converted units)."),
    sumSquares: squaresField(
      "Σy². Required for mean and ratio metrics; optional for proportions (= sum).",
    ).optional(),
    denominatorSum: sumField("Ratio metrics: Σ denominator.").optional(),
    denominatorSumSquares: squaresField("Ratio metrics: Σ denominator².").optional(),
    sumProduct: productField("Ratio metrics: Σ numerator·denominator.").optional(),
    covariateSum: sumField("CUPED: Σx of the same metric in the pre-assignment window.").optional(),
    covariateSumSquares: squaresField("CUPED: Σx². Optional for proportions (= covariateSum).").optional(),
    covariateSumProduct: productField("CUPED: Σy·x.").optional(),
  })
  .meta({
    description:
      "Sufficient statistics of one variant. The first variant is the control. Sums are within ±1e27, sums of squares and products within ±1e42 (a trillion units of values within ±1e15).",
  });

const RATIO_FIELDS = ["denominatorSum", "denominatorSumSquares", "sumProduct"] as const;
const COVARIATE_FIELDS = ["covariateSum", "covariateSumSquares", "covariateSumProduct"] as const;

export const analyzeRequestSchema = z
  .strictObject({
    metricType: z.enum(METRIC_TYPES).meta({
      description:
        "proportion: 0/1 per unit; mean: any value per unit; ratio: Σnumerator/Σdenominator per unit.",
    }),
    engine: z
      .enum(["frequentist", "bayesian"])
      .default("frequentist")
      .meta({ description: "Inference engine." }),
    difference: z
      .enum(["relative", "absolute"])
      .default("relative")
      .meta({ description: "Difference that the interval, p-value and Bayesian summaries refer to." }),
    alpha: z
      .number()
      .gt(0)
      .max(0.5)
      .default(0.05)
      .meta({ description: "Two-sided significance level; intervals have level 1 − alpha." }),
    sequential: sequentialSettingSchema.optional().meta({
      description:
        "Frequentist only: always-valid confidence sequences and p-values (safe peeking). true, false, or { tuning } (default 5000), as in experiment settings.",
    }),
    cuped: z.boolean().default(false).meta({
      description: "Regression-adjust with the pre-period covariate (proportion and mean metrics).",
    }),
    prior: z
      .strictObject({
        mean: z.number().meta({ description: "Prior mean of the effect, in the units of `difference`." }),
        variance: z.number().positive().meta({ description: "Prior variance of the effect." }),
      })
      .optional()
      .meta({ description: "Bayesian only: proper normal prior on the effect. Default: flat." }),
    higherIsBetter: z
      .boolean()
      .default(true)
      .meta({ description: "Direction of improvement, for chance to win and risk." }),
    weights: z.array(z.number().positive()).optional().meta({
      description:
        "Expected traffic split for the sample-ratio-mismatch check, one per variant. Default: equal.",
    }),
    correction: z
      .enum(["none", "holm", "bh"])
      .default("none")
      .meta({ description: "Frequentist only: multiple-testing adjustment across treatment variants." }),
    variants: z
      .array(analyzeVariantSchema)
      .min(2)
      .max(10)
      .meta({ description: "2–10 variants; the first is the control." }),
  })
  .superRefine((request, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    const { metricType, variants } = request;

    if (request.engine === "bayesian") {
      if (request.sequential)
        issue(["sequential"], "sequential testing is only available with the frequentist engine");
      if (request.correction !== "none")
        issue(["correction"], "multiple-testing correction needs the frequentist engine");
    } else if (request.prior) {
      issue(["prior"], "a prior is only used by the bayesian engine");
    }
    if (request.cuped && metricType === "ratio") issue(["cuped"], "CUPED is not supported for ratio metrics");
    if (request.weights && request.weights.length !== variants.length) {
      issue(["weights"], `expected ${variants.length} weights, one per variant`);
    }

    const seen = new Map<string, number>();
    variants.forEach((variant, i) => {
      const at = (field: string) => ["variants", i, field];
      const first = seen.get(variant.key);
      if (first !== undefined)
        issue(at("key"), `duplicate key "${variant.key}" (also variants.${first}.key)`);
      else seen.set(variant.key, i);

      const present = (field: keyof typeof variant) => variant[field] !== undefined;
      const require = (field: keyof typeof variant, why: string) => {
        if (!present(field)) issue(at(field), `required ${why}`);
      };
      const forbid = (field: keyof typeof variant, why: string) => {
        if (present(field)) issue(at(field), `not allowed ${why}`);
      };
      const consistent = (count: number, sum: number, squares: number | undefined, field: string) => {
        // Σx² ≥ (Σx)²/n for any real data; a violation means swapped or corrupted fields.
        if (
          squares !== undefined &&
          count > 0 &&
          sum * sum > count * squares * (1 + CONSISTENCY_SLACK) + 1e-12
        ) {
          issue(at(field), "too small for n and the corresponding sum (Σx² < (Σx)²/n)");
        }
      };

      if (metricType === "proportion") {
        if (variant.sum < 0 || variant.sum > variant.n)
          issue(at("sum"), "must be between 0 and n for a proportion");
        if (present("sumSquares") && variant.sumSquares !== variant.sum) {
          issue(at("sumSquares"), "must equal sum for 0/1 data (or be omitted)");
        }
      } else {
        require("sumSquares", `for ${metricType} metrics`);
        consistent(variant.n, variant.sum, variant.sumSquares, "sumSquares");
      }

      if (metricType === "ratio") {
        for (const field of RATIO_FIELDS) require(field, "for ratio metrics");
        consistent(
          variant.n,
          variant.denominatorSum ?? 0,
          variant.denominatorSumSquares,
          "denominatorSumSquares",
        );
      } else {
        for (const field of RATIO_FIELDS) forbid(field, "unless metricType is ratio");
      }

      if (request.cuped) {
        require("covariateSum", "when cuped is true");
        require("covariateSumProduct", "when cuped is true");
        if (metricType === "proportion") {
          const x = variant.covariateSum;
          if (x !== undefined && (x < 0 || x > variant.n)) {
            issue(at("covariateSum"), "must be between 0 and n for a proportion");
          }
          if (present("covariateSumSquares") && variant.covariateSumSquares !== x) {
            issue(at("covariateSumSquares"), "must equal covariateSum for 0/1 data (or be omitted)");
          }
        } else {
          require("covariateSumSquares", "when cuped is true");
          consistent(
            variant.n,
            variant.covariateSum ?? 0,
            variant.covariateSumSquares,
            "covariateSumSquares",
          );
        }
      } else {
        for (const field of COVARIATE_FIELDS) forbid(field, "unless cuped is true");
      }

      if (variant.n === 0) {
        for (const field of ["sum", "sumSquares", ...RATIO_FIELDS, ...COVARIATE_FIELDS] as const) {
          const value = variant[field];
          if (value !== undefined && value !== 0) issue(at(field), "must be 0 when n is 0");
        }
      }
    });
  })
  .meta({ description: "Stateless experiment analysis from per-variant sufficient statistics." });

export type AnalyzeRequestInput = z.input<typeof analyzeRequestSchema>;
export type AnalyzeRequest = z.output<typeof analyzeRequestSchema>;

const nullableNumber = (description: string) => z.number().nullable().meta({ description });

export const analyzeControlResultSchema = z
  .strictObject({
    key: z.string(),
    n: z.int(),
    mean: nullableNumber("Arm mean (ratio metrics: Σnum/Σden); null when undefined."),
  })
  .meta({ description: "The control variant." });

export const analyzeTreatmentResultSchema = z
  .strictObject({
    key: z.string(),
    n: z.int(),
    mean: nullableNumber("Unadjusted arm mean; null when undefined."),
    absoluteDiff: nullableNumber("Treatment − control (CUPED-adjusted when cuped)."),
    relativeLift: nullableNumber(
      "(treatment − control)/|control| (CUPED-adjusted when cuped); null if the control mean is 0.",
    ),
    ciLow: nullableNumber(
      "Lower bound (confidence, sequence or credible interval) in the units of `difference`.",
    ),
    ciHigh: nullableNumber("Upper bound, in the units of `difference`."),
    pValue: nullableNumber("Two-sided p-value (always-valid when sequential); null for the bayesian engine."),
    adjustedPValue: nullableNumber(
      "p-value adjusted for multiple testing (present when correction ≠ none).",
    ).optional(),
    chanceToWin: nullableNumber("Bayesian: probability that the treatment is better.").optional(),
    risk: z
      .strictObject({
        control: z.number().meta({ description: "Expected loss of shipping control." }),
        variant: z.number().meta({ description: "Expected loss of shipping this variant." }),
      })
      .nullable()
      .optional()
      .meta({ description: "Bayesian: expected loss in the units of `difference`." }),
    varianceReduction: nullableNumber("CUPED: 1 − adjusted/unadjusted variance.").optional(),
    status: z
      .enum(COMPARISON_STATUSES)
      .meta({ description: '"ok", or the reason the numeric fields are null.' }),
  })
  .meta({ description: "A treatment variant compared with the control." });

export const analyzeResponseSchema = z
  .strictObject({
    variants: z.tuple([analyzeControlResultSchema], analyzeTreatmentResultSchema),
    srm: z
      .strictObject({
        pValue: nullableNumber("Pearson χ² p-value of the observed split; null with no units."),
        flagged: z.boolean().meta({ description: "Sample ratio mismatch suspected (p < 0.001)." }),
      })
      .optional()
      .meta({ description: "Sample-ratio-mismatch check against `weights`." }),
  })
  .meta({ description: "Per-variant results; the first entry is the control." });

export type AnalyzeResponse = z.output<typeof analyzeResponseSchema>;
export type AnalyzeTreatmentResult = z.output<typeof analyzeTreatmentResultSchema>;
