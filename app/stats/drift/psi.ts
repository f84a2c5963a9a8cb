/**
 * Population Stability Index, PSI = Σ (q_i − p_i) · ln(q_i / p_i) with p the reference and q the
 * current bin proportions (natural log).
 *
 * Empty bins: a proportion of exactly 0 is replaced by ε = 1e-4 (on proportions, not counts,
 * without renormalising — Evidently's convention), so PSI stays finite when a bin empties.
 * Numeric features are binned on reference quantiles (./histogram.ts) plus a missing bin.
 */
import { checkCounts } from "./counts";
import { DEFAULT_BINS } from "./histogram";
import { numericHistograms } from "./numeric-histogram";
import type { DistanceResult, FeatureValue } from "./types";

/** Proportion that replaces an empty bin's 0 in PSI. */
export const DEFAULT_PSI_EPSILON = 1e-4;

/** PSI from binned counts (Yurdakul 2018, "Statistical properties of population stability index"). */
export function psiFromCounts(
  reference: readonly number[],
  current: readonly number[],
  epsilon: number = DEFAULT_PSI_EPSILON,
): DistanceResult {
  const check = checkCounts(reference, current);
  if (!check.ok) return { statistic: null, status: check.status };
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const p = (reference[i] ?? 0) / check.referenceTotal || epsilon;
    const q = (current[i] ?? 0) / check.currentTotal || epsilon;
    psi += (q - p) * Math.log(q / p);
  }
  return { statistic: Math.max(0, psi), status: "ok" };
}

/** PSI of a numeric feature on reference-quantile bins plus a missing bin (Yurdakul 2018). */
export function psi(
  reference: readonly FeatureValue[],
  current: readonly FeatureValue[],
  options: { bins?: number; epsilon?: number } = {},
): DistanceResult {
  const h = numericHistograms(reference, current, options.bins ?? DEFAULT_BINS);
  return psiFromCounts(h.reference, h.current, options.epsilon);
}
