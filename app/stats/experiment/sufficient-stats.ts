/**
 * Moments from sufficient statistics (n, Σx, Σx², Σxy) and merging of those statistics.
 * Every downstream method works from these sums, so the results job can aggregate in SQL and
 * never ship unit-level rows.
 */
import type { ArmSums } from "./types";

/** The sums an arm may carry besides n and Σy. */
export const OPTIONAL_SUMS = [
  "sumSquares",
  "denominatorSum",
  "denominatorSumSquares",
  "sumProduct",
  "covariateSum",
  "covariateSumSquares",
  "covariateSumProduct",
] as const;

// Σx² − (Σx)²/n loses all significant digits when the spread is tiny next to the mean; below this
// fraction of Σx² the difference is rounding noise, and calling it zero is more honest than
// reporting a variance of 1e-17 that would produce an absurd t statistic.
const RELATIVE_CANCELLATION_TOLERANCE = 1e-12;

/** Sample mean Σx/n (numpy.mean); null for an empty sample. */
export function meanFromSums(n: number, sum: number): number | null {
  return n > 0 ? sum / n : null;
}

/** Centered sum of squares Σ(x − x̄)² = Σx² − (Σx)²/n, clamped at 0 against cancellation (Welford 1962 discusses the loss). */
export function centeredSumOfSquares(n: number, sum: number, sumSquares: number): number {
  if (n <= 0) return 0;
  const centered = sumSquares - (sum * sum) / n;
  return centered <= RELATIVE_CANCELLATION_TOLERANCE * Math.abs(sumSquares) ? 0 : centered;
}

/** Unbiased sample variance (Σx² − (Σx)²/n)/(n − 1) (numpy.var with ddof=1); null when n < 2. */
export function sampleVarianceFromSums(n: number, sum: number, sumSquares: number): number | null {
  if (n < 2) return null;
  return centeredSumOfSquares(n, sum, sumSquares) / (n - 1);
}

/** Bernoulli variance p(1 − p) with no small-sample correction (the binomial-proportion convention). */
export function bernoulliVariance(p: number): number {
  // Clamping keeps rounding (p = 1 + 1e-16) from producing a negative variance.
  return Math.max(0, p * (1 - p));
}

/** Centered cross-product Σ(x − x̄)(y − ȳ) = Σxy − ΣxΣy/n, the numerator of numpy.cov. */
export function centeredCrossProduct(n: number, sumX: number, sumY: number, sumXY: number): number {
  if (n <= 0) return 0;
  return sumXY - (sumX * sumY) / n;
}

/** Unbiased sample covariance (Σxy − ΣxΣy/n)/(n − 1) (numpy.cov with ddof=1); null when n < 2. */
export function sampleCovarianceFromSums(
  n: number,
  sumX: number,
  sumY: number,
  sumXY: number,
): number | null {
  if (n < 2) return null;
  return centeredCrossProduct(n, sumX, sumY, sumXY) / (n - 1);
}

function addOptional(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a + b;
}

/** Merge the sufficient statistics of two disjoint samples (sums are additive; Chan, Golub & LeVeque 1979). */
export function mergeArmSums(a: ArmSums, b: ArmSums): ArmSums {
  const merged: ArmSums = { n: a.n + b.n, sum: a.sum + b.sum };
  // An optional sum is only meaningful for the union if both halves carry it.
  for (const key of OPTIONAL_SUMS) {
    const value = addOptional(a[key], b[key]);
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** Sufficient statistics of unit-level values, optionally with per-unit denominators and covariates (for tests and fixtures). */
export function armSumsFromValues(
  values: readonly number[],
  options: { denominators?: readonly number[]; covariates?: readonly number[] } = {},
): ArmSums {
  const { denominators, covariates } = options;
  if (denominators && denominators.length !== values.length) {
    throw new RangeError("denominators must have one entry per value");
  }
  if (covariates && covariates.length !== values.length) {
    throw new RangeError("covariates must have one entry per value");
  }
  const sums: ArmSums = { n: values.length, sum: 0, sumSquares: 0 };
  let sum = 0;
  let sumSquares = 0;
  let denominatorSum = 0;
  let denominatorSumSquares = 0;
  let sumProduct = 0;
  let covariateSum = 0;
  let covariateSumSquares = 0;
  let covariateSumProduct = 0;
  values.forEach((y, i) => {
    sum += y;
    sumSquares += y * y;
    const d = denominators?.[i];
    if (d !== undefined) {
      denominatorSum += d;
      denominatorSumSquares += d * d;
      sumProduct += y * d;
    }
    const x = covariates?.[i];
    if (x !== undefined) {
      covariateSum += x;
      covariateSumSquares += x * x;
      covariateSumProduct += y * x;
    }
  });
  sums.sum = sum;
  sums.sumSquares = sumSquares;
  if (denominators) Object.assign(sums, { denominatorSum, denominatorSumSquares, sumProduct });
  if (covariates) Object.assign(sums, { covariateSum, covariateSumSquares, covariateSumProduct });
  return sums;
}
