/**
 * Jensen–Shannon distance with natural logarithms (scipy's default base, the distance Evidently
 * judges against its 0.1 threshold), so it lies in [0, √ln 2 ≈ 0.833]:
 * JS(p, q) = sqrt(½ KL(p‖m) + ½ KL(q‖m)) with m = (p + q)/2. Empty bins need no smoothing
 * (0·log 0 = 0). Numeric features use reference-quantile bins plus a missing bin.
 */
import { checkCounts } from "./counts";
import { DEFAULT_BINS } from "./histogram";
import { numericHistograms } from "./numeric-histogram";
import type { DistanceResult, FeatureValue } from "./types";

/** The largest natural-log Jensen–Shannon distance, between distributions with disjoint support: √ln 2. */
const MAX_JENSEN_SHANNON = Math.sqrt(Math.LN2);

/**
 * Jensen–Shannon distance (natural log) from binned counts (Lin 1991; Endres & Schindelin 2003;
 * scipy.spatial.distance.jensenshannon(p, q), whose default base is e).
 */
export function jensenShannonFromCounts(
  reference: readonly number[],
  current: readonly number[],
): DistanceResult {
  const check = checkCounts(reference, current);
  if (!check.ok) return { statistic: null, status: check.status };
  let js = 0;
  for (let i = 0; i < reference.length; i++) {
    const p = (reference[i] ?? 0) / check.referenceTotal;
    const q = (current[i] ?? 0) / check.currentTotal;
    const m = (p + q) / 2;
    if (p > 0) js += p * Math.log(p / m);
    if (q > 0) js += q * Math.log(q / m);
  }
  // Rounding can leave a tiny negative divergence for identical inputs; scipy would return NaN.
  const distance = Math.sqrt(Math.max(0, js / 2));
  return { statistic: Math.min(MAX_JENSEN_SHANNON, distance), status: "ok" };
}

/** Jensen–Shannon distance (natural log) of a numeric feature on reference-quantile bins plus a missing bin. */
export function jensenShannon(
  reference: readonly FeatureValue[],
  current: readonly FeatureValue[],
  options: { bins?: number } = {},
): DistanceResult {
  const h = numericHistograms(reference, current, options.bins ?? DEFAULT_BINS);
  return jensenShannonFromCounts(h.reference, h.current);
}
