/**
 * Hellinger distance H(p, q) = sqrt(½ Σ (√p_i − √q_i)²), in [0, 1]. Computed in this form rather
 * than sqrt(1 − Σ√(p_i q_i)) because the latter loses all precision for nearly equal inputs.
 * Numeric features use reference-quantile bins plus a missing bin.
 */
import { checkCounts } from "./counts";
import { DEFAULT_BINS } from "./histogram";
import { numericHistograms } from "./numeric-histogram";
import type { DistanceResult, FeatureValue } from "./types";

/** Hellinger distance from binned counts (Hellinger 1909; Le Cam & Yang 2000, ch. 3). */
export function hellingerFromCounts(
  reference: readonly number[],
  current: readonly number[],
): DistanceResult {
  const check = checkCounts(reference, current);
  if (!check.ok) return { statistic: null, status: check.status };
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const diff =
      Math.sqrt((reference[i] ?? 0) / check.referenceTotal) -
      Math.sqrt((current[i] ?? 0) / check.currentTotal);
    sum += diff * diff;
  }
  return { statistic: Math.min(1, Math.sqrt(sum / 2)), status: "ok" };
}

/** Hellinger distance of a numeric feature on reference-quantile bins plus a missing bin. */
export function hellinger(
  reference: readonly FeatureValue[],
  current: readonly FeatureValue[],
  options: { bins?: number } = {},
): DistanceResult {
  const h = numericHistograms(reference, current, options.bins ?? DEFAULT_BINS);
  return hellingerFromCounts(h.reference, h.current);
}
