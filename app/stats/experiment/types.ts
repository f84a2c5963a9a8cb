/**
 * Shared vocabulary of the experiment-statistics engine. Everything here is plain data so the
 * analyze API, the results job and the UI can pass it around without importing any method.
 */

export type MetricType = "proportion" | "mean" | "ratio";
export type Engine = "frequentist" | "bayesian";
export type DifferenceType = "relative" | "absolute";

/**
 * Why a comparison could not be answered. The UI renders these codes, so they are part of the
 * public contract: add new ones at the end, never rename.
 */
export const COMPARISON_STATUSES = [
  "ok",
  "NOT_ENOUGH_DATA",
  "ZERO_VARIANCE",
  "ZERO_CONTROL_MEAN",
  "ZERO_DENOMINATOR",
  "INVALID_INPUT",
  "NUMERICAL_ERROR",
] as const;
export type ComparisonStatus = (typeof COMPARISON_STATUSES)[number];
export type FailureStatus = Exclude<ComparisonStatus, "ok">;

/**
 * Sufficient statistics of one arm (variant) for one metric. Sums run over experimental units
 * (users), which is what makes the per-unit variance estimates below valid.
 */
export interface ArmSums {
  /** Number of units in the arm. */
  n: number;
  /** Σy over units (for proportions: number of converted units). */
  sum: number;
  /** Σy²; optional for proportions, where it equals `sum` for 0/1 data. */
  sumSquares?: number;
  /** Ratio metrics: Σ denominator. */
  denominatorSum?: number;
  /** Ratio metrics: Σ denominator². */
  denominatorSumSquares?: number;
  /** Ratio metrics: Σ numerator·denominator. */
  sumProduct?: number;
  /** CUPED: Σx of the pre-assignment covariate. */
  covariateSum?: number;
  /** CUPED: Σx²; optional for proportions (equals `covariateSum` for 0/1 data). */
  covariateSumSquares?: number;
  /** CUPED: Σy·x. */
  covariateSumProduct?: number;
}

/** An arm reduced to what the mean-difference machinery needs: mean, per-unit variance, units. */
export interface MeanEstimate {
  mean: number;
  /** Per-unit variance, so that var(mean) = variance / n. */
  variance: number;
  n: number;
}

/** A point estimate and the variance of that estimator (not per unit). */
export interface EffectEstimate {
  estimate: number;
  variance: number;
}

/** Result of a method that may decline to answer. */
export type Outcome<T> = ({ status: "ok" } & T) | { status: FailureStatus };
