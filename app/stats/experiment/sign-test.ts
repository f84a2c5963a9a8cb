/**
 * Exact two-sided sign test: is a count of "successes" out of n paired comparisons compatible
 * with a fair coin? Used by the interleaving analysis, with ties dropped beforehand.
 */
import { binomialCdfAt } from "#app/stats/distributions";

/** Two-sided exact binomial test of k successes in n trials against p = 1/2, i.e. min(1, 2·P(X ≤ min(k, n − k))) (scipy.stats.binomtest(k, n, 0.5).pvalue); null when n = 0. */
export function signTestPValue(successes: number, trials: number): number | null {
  if (!(trials > 0) || !Number.isInteger(trials) || !Number.isInteger(successes)) return null;
  if (successes < 0 || successes > trials) return null;
  // For p = 1/2 the binomial is symmetric, so scipy's "outcomes no more likely than the observed
  // one" region is exactly the two equal tails beyond min(k, n − k).
  const tail = Math.min(successes, trials - successes);
  return Math.min(1, 2 * binomialCdfAt(tail, trials, 0.5));
}
