/**
 * The engine's main entry point: one metric, one control arm, one treatment arm, in; the full
 * readout out. The analyze API and the results job both call this, so a number on the dashboard
 * means the same thing wherever it was computed.
 */
import { armMean, armMoments } from "./arm-moments";
import { bayesianNormalTest, type NormalPrior } from "./bayesian";
import {
  adjustedArmVariance,
  cupedAbsoluteDifference,
  cupedArmMoments,
  cupedRelativeLift,
  type CupedSums,
  pooledCupedTheta,
} from "./cuped";
import { relativeLift } from "./relative-lift";
import { sequentialTest } from "./sequential";
import type {
  ArmSums,
  ComparisonStatus,
  DifferenceType,
  EffectEstimate,
  FailureStatus,
  MeanEstimate,
  MetricType,
  Outcome,
} from "./types";
import { absoluteDifference, tIntervalTest, welchDegreesOfFreedom } from "./welch";

interface CommonCompareOptions {
  metricType: MetricType;
  /** Which difference the interval, p-value and Bayesian summaries are about. Default "relative". */
  difference?: DifferenceType;
  /** Two-sided error rate; intervals have level 1 − α. Default 0.05. */
  alpha?: number;
  /** Regression-adjust with the pre-period covariate (proportion and mean metrics). Default false. */
  cuped?: boolean;
  /** Use this θ instead of pooling the two arms (e.g. one θ pooled over every arm of the experiment). */
  cupedTheta?: number;
  /** Direction of "better" for chance to win and risk. Default true. */
  higherIsBetter?: boolean;
}

export interface FrequentistCompareOptions extends CommonCompareOptions {
  engine?: "frequentist";
  /** Present: report an always-valid confidence sequence and p-value, tuned to be tightest at `tuning` units (default 5000). */
  sequential?: { tuning?: number };
  prior?: undefined;
}

export interface BayesianCompareOptions extends CommonCompareOptions {
  engine: "bayesian";
  /** Proper normal prior on the effect, in the units of `difference`. Default: flat (improper). */
  prior?: NormalPrior;
  sequential?: undefined;
}

export type CompareOptions = FrequentistCompareOptions | BayesianCompareOptions;

export interface Comparison {
  status: ComparisonStatus;
  /** Unadjusted arm means (descriptive; null when undefined). */
  controlMean: number | null;
  treatmentMean: number | null;
  /** μ_t − μ_c, CUPED-adjusted when CUPED is on. */
  absoluteDiff: number | null;
  /** (μ_t − μ_c)/|μ_c|, CUPED-adjusted when CUPED is on; null when the control mean is 0. */
  relativeLift: number | null;
  /** Centre of the interval in `difference` units: the estimate, or the posterior mean (Bayesian). */
  estimate: number | null;
  /** Standard error of the estimate of the requested difference (before any prior). */
  standardError: number | null;
  /** Welch–Satterthwaite df of the fixed-horizon t-test; null for sequential and Bayesian (normal). */
  degreesOfFreedom: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** Two-sided p-value (always-valid when sequential); null for the Bayesian engine. */
  pValue: number | null;
  /** Bayesian engine only: P(treatment better than control). */
  chanceToWin: number | null;
  /** Bayesian engine only: expected loss of shipping each arm, in `difference` units. */
  risk: { control: number; variant: number } | null;
  /** CUPED only: 1 − var(adjusted)/var(unadjusted) for the requested difference. */
  varianceReduction: number | null;
  /** CUPED only: the regression coefficient used. */
  cupedTheta: number | null;
}

const EMPTY_INFERENCE = {
  estimate: null,
  standardError: null,
  degreesOfFreedom: null,
  ciLow: null,
  ciHigh: null,
  pValue: null,
  chanceToWin: null,
  risk: null,
  varianceReduction: null,
  cupedTheta: null,
} as const;

function finiteOrNull(x: number | null | undefined): number | null {
  return x !== null && x !== undefined && Number.isFinite(x) ? x : null;
}

function validOptions(options: CompareOptions): boolean {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) return false;
  if (options.cuped && options.metricType === "ratio") return false;
  if (options.cupedTheta !== undefined && !Number.isFinite(options.cupedTheta)) return false;
  if (options.engine === "bayesian") {
    if (options.sequential !== undefined) return false;
    const { prior } = options;
    if (prior && !(Number.isFinite(prior.mean) && prior.variance > 0 && Number.isFinite(prior.variance))) {
      return false;
    }
  } else {
    if (options.prior !== undefined) return false;
    const tuning = options.sequential?.tuning ?? 5000;
    if (!(tuning > 0 && Number.isFinite(tuning))) return false;
  }
  return true;
}

function cupedSums(arm: ArmSums, metricType: MetricType): CupedSums | null {
  const { covariateSum, covariateSumProduct } = arm;
  // 0/1 data: y² = y, so the squares default to the sums, as for the outcome itself.
  const sumSquares = metricType === "proportion" ? arm.sum : arm.sumSquares;
  const covariateSumSquares =
    metricType === "proportion" ? (arm.covariateSumSquares ?? covariateSum) : arm.covariateSumSquares;
  if (
    covariateSum === undefined ||
    covariateSumProduct === undefined ||
    sumSquares === undefined ||
    covariateSumSquares === undefined
  ) {
    return null;
  }
  return { n: arm.n, sum: arm.sum, sumSquares, covariateSum, covariateSumSquares, covariateSumProduct };
}

interface Effects {
  absolute: EffectEstimate;
  relative: Outcome<EffectEstimate>;
  /** The requested difference without adjustment, for the variance-reduction ratio. */
  unadjustedVariance: number | null;
  theta: number | null;
  /** Per-arm variances that make up the standard error (adjusted under CUPED): the Welch df comes from these. */
  arms: { treatment: MeanEstimate; control: MeanEstimate };
}

function cupedEffects(
  control: ArmSums,
  treatment: ArmSums,
  options: CompareOptions,
  difference: DifferenceType,
): Effects | FailureStatus {
  const metricType = options.metricType;
  if (metricType === "ratio") return "INVALID_INPUT";
  const controlSums = cupedSums(control, metricType);
  const treatmentSums = cupedSums(treatment, metricType);
  if (!controlSums || !treatmentSums) return "INVALID_INPUT";
  const c = cupedArmMoments(controlSums, metricType);
  const t = cupedArmMoments(treatmentSums, metricType);
  if (!c || !t) return "NOT_ENOUGH_DATA";
  const theta = options.cupedTheta ?? pooledCupedTheta([controlSums, treatmentSums]);
  // θ = 0 is the unadjusted analysis, by construction of both formulas.
  let unadjustedVariance: number | null = cupedAbsoluteDifference(t, c, 0).variance;
  if (difference === "relative") {
    const unadjusted = cupedRelativeLift(t, c, 0);
    unadjustedVariance = unadjusted.status === "ok" ? unadjusted.variance : null;
  }
  const adjusted = (arm: typeof t): MeanEstimate => ({
    mean: arm.mean,
    variance: adjustedArmVariance(arm, theta),
    n: arm.n,
  });
  return {
    absolute: cupedAbsoluteDifference(t, c, theta),
    relative: cupedRelativeLift(t, c, theta),
    unadjustedVariance,
    theta,
    arms: { treatment: adjusted(t), control: adjusted(c) },
  };
}

/** Treatment vs control for one metric: Welch t-test, asymptotic confidence sequence or Gaussian Bayesian readout on the relative or absolute difference, optionally CUPED-adjusted (docs/statistics.md). */
export function compareVariants(control: ArmSums, treatment: ArmSums, options: CompareOptions): Comparison {
  const { metricType } = options;
  const difference = options.difference ?? "relative";
  const alpha = options.alpha ?? 0.05;
  const controlMean = finiteOrNull(armMean(control, metricType));
  const treatmentMean = finiteOrNull(armMean(treatment, metricType));
  const descriptive = { controlMean, treatmentMean, absoluteDiff: null, relativeLift: null };
  const fail = (status: FailureStatus, partial: Partial<Comparison> = {}): Comparison => ({
    status,
    ...descriptive,
    ...EMPTY_INFERENCE,
    ...partial,
  });

  if (!validOptions(options)) return fail("INVALID_INPUT");
  const c = armMoments(control, metricType);
  const t = armMoments(treatment, metricType);
  // Report the most fundamental problem first: bad input, then missing data, then degeneracy.
  for (const status of ["INVALID_INPUT", "NOT_ENOUGH_DATA", "ZERO_DENOMINATOR"] as const) {
    if (c.status === status || t.status === status) return fail(status);
  }
  if (c.status !== "ok" || t.status !== "ok") return fail("NUMERICAL_ERROR");

  let effects: Effects;
  if (options.cuped) {
    const adjusted = cupedEffects(control, treatment, options, difference);
    if (typeof adjusted === "string") return fail(adjusted);
    effects = adjusted;
  } else {
    effects = {
      absolute: absoluteDifference(t, c),
      relative: relativeLift(t, c),
      unadjustedVariance: null,
      theta: null,
      arms: { treatment: t, control: c },
    };
  }

  const absoluteDiff = finiteOrNull(effects.absolute.estimate);
  const relative = effects.relative.status === "ok" ? effects.relative : null;
  const liftEstimates = { absoluteDiff, relativeLift: finiteOrNull(relative?.estimate) };
  const chosen = difference === "relative" ? relative : effects.absolute;
  if (!chosen) return fail("ZERO_CONTROL_MEAN", liftEstimates);

  const standardError = Math.sqrt(chosen.variance);
  // A constant arm (0/4 conversions) has an estimated variance of 0, not a known one: any interval
  // would rest on the other arm alone, so refuse as GrowthBook does (gbstats _has_zero_variance).
  const degenerate = [t, c, effects.arms.treatment, effects.arms.control].some((arm) => !(arm.variance > 0));
  // Satterthwaite's df belongs to the variance parts the standard error is built from: under CUPED
  // the adjusted ones (gbstats TTest.dof on RegressionAdjustedStatistic.variance).
  const df = welchDegreesOfFreedom(effects.arms.treatment, effects.arms.control);
  if (degenerate || !(standardError > 0) || df === null) return fail("ZERO_VARIANCE", liftEstimates);

  const varianceReduction =
    effects.unadjustedVariance !== null && effects.unadjustedVariance > 0
      ? 1 - chosen.variance / effects.unadjustedVariance
      : null;
  const common = { varianceReduction, cupedTheta: effects.theta, standardError };

  let inference: Omit<Comparison, "status" | keyof typeof descriptive | keyof typeof common>;
  if (options.engine === "bayesian") {
    const bayes = bayesianNormalTest(chosen.estimate, standardError, {
      alpha,
      prior: options.prior,
      higherIsBetter: options.higherIsBetter ?? true,
    });
    inference = {
      estimate: bayes.posteriorMean,
      degreesOfFreedom: null,
      ciLow: bayes.ciLow,
      ciHigh: bayes.ciHigh,
      pValue: null,
      chanceToWin: bayes.chanceToWin,
      risk: bayes.risk,
    };
  } else if (options.sequential) {
    const tuning = options.sequential.tuning ?? 5000;
    const { ciLow, ciHigh, pValue } = sequentialTest(
      chosen.estimate,
      standardError,
      t.n + c.n,
      alpha,
      tuning,
    );
    inference = {
      estimate: chosen.estimate,
      degreesOfFreedom: null,
      ciLow,
      ciHigh,
      pValue,
      chanceToWin: null,
      risk: null,
    };
  } else {
    const test = tIntervalTest(chosen.estimate, standardError, df, alpha);
    inference = { estimate: chosen.estimate, degreesOfFreedom: df, ...test, chanceToWin: null, risk: null };
  }

  const result: Comparison = { status: "ok", ...descriptive, ...liftEstimates, ...common, ...inference };
  const numbers = [
    result.estimate,
    result.standardError,
    result.degreesOfFreedom,
    result.ciLow,
    result.ciHigh,
    result.pValue,
    result.chanceToWin,
    result.risk?.control,
    result.risk?.variant,
    result.varianceReduction,
    result.cupedTheta,
  ];
  // Overflow in exotic inputs (sums near 1e308) must surface as a status, never as Infinity/NaN.
  if (numbers.some((x) => x !== null && x !== undefined && !Number.isFinite(x))) {
    return fail("NUMERICAL_ERROR", liftEstimates);
  }
  return result;
}
