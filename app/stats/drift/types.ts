/**
 * Shared result shapes for the drift methods. Every number is finite or null: a method that
 * cannot answer says why through `status` instead of returning NaN or Infinity.
 */

export type DriftStatus =
  | "ok"
  /** A sample (after removing missing values, where the method needs values) is empty. */
  | "NOT_ENOUGH_DATA"
  /** The reference sample is constant, so a scale-normalised distance is undefined. */
  | "ZERO_VARIANCE"
  /** One side holds only missing values; only the missing-share comparison can answer. */
  | "ALL_MISSING"
  /** The method does not apply to this kind of feature (e.g. KS on categories). */
  | "METHOD_NOT_APPLICABLE"
  /** Histogram inputs disagree (different bin counts, negative counts…). */
  | "INVALID_INPUT";

/** A distance between two distributions (PSI, Jensen–Shannon, Hellinger, Wasserstein). */
export interface DistanceResult {
  statistic: number | null;
  status: DriftStatus;
}

/** A two-sample test (KS, chi-square). */
export interface TestResult {
  statistic: number | null;
  pValue: number | null;
  status: DriftStatus;
}

/** A raw feature value: numbers, strings or booleans; null, undefined and NaN mean missing. */
export type FeatureValue = number | string | boolean | null | undefined;
