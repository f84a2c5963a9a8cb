/**
 * Welch's unequal-variance t-test on the difference of two arm means, and the t interval / p-value
 * pair that every frequentist fixed-horizon result in the engine is built from.
 */
import { studentTCdf, studentTQuantile } from "#app/stats/distributions";
import type { EffectEstimate, MeanEstimate } from "./types";

/** Welch–Satterthwaite degrees of freedom for var_t/n_t + var_c/n_c (Welch 1947; scipy.stats.ttest_ind(equal_var=False)); null when both variances are 0. */
export function welchDegreesOfFreedom(treatment: MeanEstimate, control: MeanEstimate): number | null {
  if (treatment.n < 2 || control.n < 2) return null;
  const a = treatment.variance / treatment.n;
  const b = control.variance / control.n;
  const total = a + b;
  if (!(total > 0)) return null;
  // Working with shares of the total keeps (a + b)² from under- or overflowing for extreme scales.
  const shareA = a / total;
  const shareB = b / total;
  return 1 / ((shareA * shareA) / (treatment.n - 1) + (shareB * shareB) / (control.n - 1));
}

/** Absolute difference of means μ_t − μ_c with the unpooled variance var_t/n_t + var_c/n_c (Welch 1947). */
export function absoluteDifference(treatment: MeanEstimate, control: MeanEstimate): EffectEstimate {
  return {
    estimate: treatment.mean - control.mean,
    variance: treatment.variance / treatment.n + control.variance / control.n,
  };
}

export interface IntervalTest {
  ciLow: number;
  ciHigh: number;
  pValue: number;
}

/** Two-sided t interval estimate ± t_{1−α/2, df}·se and the p-value of the same statistic (scipy.stats.t.ppf / t.sf); requires se > 0. */
export function tIntervalTest(
  estimate: number,
  standardError: number,
  df: number,
  alpha: number,
): IntervalTest {
  const halfWidth = studentTQuantile(1 - alpha / 2, df) * standardError;
  // The lower tail is evaluated directly: 1 − cdf(|t|) would round small p-values to 0.
  const pValue = Math.min(1, 2 * studentTCdf(-Math.abs(estimate / standardError), df));
  return { ciLow: estimate - halfWidth, ciHigh: estimate + halfWidth, pValue };
}

/** Welch's two-sample t-test on μ_t − μ_c, two-sided (scipy.stats.ttest_ind(equal_var=False); statsmodels CompareMeans.tconfint_diff(usevar="unequal")). */
export function welchTTest(
  treatment: MeanEstimate,
  control: MeanEstimate,
  alpha = 0.05,
): (IntervalTest & { estimate: number; standardError: number; df: number }) | null {
  const df = welchDegreesOfFreedom(treatment, control);
  if (df === null) return null;
  const { estimate, variance } = absoluteDifference(treatment, control);
  const standardError = Math.sqrt(variance);
  return { estimate, standardError, df, ...tIntervalTest(estimate, standardError, df, alpha) };
}
