/**
 * Pearson chi-square goodness-of-fit test of the current counts against the reference shares:
 * expected_i = share_i × n_current, statistic Σ (obs − exp)²/exp, df = k − 1 where k counts the
 * categories seen in either sample.
 *
 * Categories seen only in the current sample have no reference share; they get share ε = 1e-4
 * and all shares are then renormalised to sum to 1 (so Σ expected = n_current, as
 * scipy.stats.chisquare requires). A new category therefore contributes a large term and shows
 * up as drift instead of dividing by zero.
 */
import { chiSquareSurvival } from "#app/stats/distributions";
import { checkCounts } from "./counts";
import { DEFAULT_BINS } from "./histogram";
import { numericHistograms } from "./numeric-histogram";
import type { FeatureValue, TestResult } from "./types";

/** Reference share given to a category that the reference sample never saw. */
export const DEFAULT_UNSEEN_SHARE = 1e-4;

export interface ChiSquareResult extends TestResult {
  degreesOfFreedom: number | null;
}

/** Pearson chi-square test from category/bin counts (Pearson 1900; scipy.stats.chisquare(f_obs, f_exp)). */
export function chiSquareFromCounts(
  reference: readonly number[],
  current: readonly number[],
  unseenShare: number = DEFAULT_UNSEEN_SHARE,
): ChiSquareResult {
  const check = checkCounts(reference, current);
  if (!check.ok) return { statistic: null, pValue: null, degreesOfFreedom: null, status: check.status };
  const shares: number[] = [];
  const observed: number[] = [];
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] ?? 0;
    const c = current[i] ?? 0;
    // A category absent from both samples carries no information and must not add a degree of freedom.
    if (r === 0 && c === 0) continue;
    shares.push(r > 0 ? r / check.referenceTotal : unseenShare);
    observed.push(c);
  }
  const k = observed.length;
  if (k <= 1) return { statistic: 0, pValue: 1, degreesOfFreedom: 0, status: "ok" };
  const shareTotal = shares.reduce((s, x) => s + x, 0);
  let statistic = 0;
  for (let i = 0; i < k; i++) {
    const expected = ((shares[i] ?? 0) / shareTotal) * check.currentTotal;
    const diff = (observed[i] ?? 0) - expected;
    statistic += (diff * diff) / expected;
  }
  const pValue = Math.min(1, Math.max(0, chiSquareSurvival(statistic, k - 1)));
  return { statistic, pValue, degreesOfFreedom: k - 1, status: "ok" };
}

/** Chi-square test of a numeric feature on reference-quantile bins plus a missing bin. */
export function chiSquare(
  reference: readonly FeatureValue[],
  current: readonly FeatureValue[],
  options: { bins?: number; unseenShare?: number } = {},
): ChiSquareResult {
  const h = numericHistograms(reference, current, options.bins ?? DEFAULT_BINS);
  return chiSquareFromCounts(h.reference, h.current, options.unseenShare);
}
