/**
 * Wasserstein-1 (earth mover's) distance between the current and reference samples, divided by
 * the reference population standard deviation (ddof = 0) so the threshold is scale-free:
 * W₁(ref, cur) / σ_ref. W₁ is the area between the two empirical CDFs.
 *
 * Zero-variance reference: the ratio is undefined. If W₁ = 0 (current is the same constant) the
 * statistic is 0; otherwise the statistic is null with status ZERO_VARIANCE, and `distance`
 * still carries the raw W₁ so callers can decide (detectDrift reports drift when it is > 0).
 */
import { standardDeviation } from "simple-statistics";
import type { DriftStatus } from "./types";

export interface WassersteinResult {
  /** W₁ / σ_ref, or null when σ_ref = 0 and the samples differ. */
  statistic: number | null;
  /** Raw W₁ in the feature's units. */
  distance: number | null;
  referenceStd: number | null;
  status: DriftStatus;
}

/** Wasserstein-1 distance between two samples (Villani 2009; scipy.stats.wasserstein_distance). */
export function wasserstein1(u: readonly number[], v: readonly number[]): number {
  const a = u.filter(Number.isFinite).sort((x, y) => x - y);
  const b = v.filter(Number.isFinite).sort((x, y) => x - y);
  if (a.length === 0 || b.length === 0) return 0;
  return cdfArea(a, b, null, null);
}

/**
 * ∫|F_u − F_v| over the merged support of sorted u and v (optionally weighted), as
 * scipy's `_cdf_distance(p=1)`: between consecutive merged values both CDFs are flat.
 */
function cdfArea(
  a: readonly number[],
  b: readonly number[],
  wa: readonly number[] | null,
  wb: readonly number[] | null,
): number {
  const totalA = wa ? wa.reduce((s, x) => s + x, 0) : a.length;
  const totalB = wb ? wb.reduce((s, x) => s + x, 0) : b.length;
  let i = 0;
  let j = 0;
  let cumA = 0;
  let cumB = 0;
  let area = 0;
  let prev: number | null = null;
  while (i < a.length || j < b.length) {
    const x = Math.min(
      i < a.length ? (a[i] ?? 0) : Number.POSITIVE_INFINITY,
      j < b.length ? (b[j] ?? 0) : Number.POSITIVE_INFINITY,
    );
    if (prev !== null) area += Math.abs(cumA / totalA - cumB / totalB) * (x - prev);
    for (; i < a.length && (a[i] ?? 0) <= x; i++) cumA += wa ? (wa[i] ?? 0) : 1;
    for (; j < b.length && (b[j] ?? 0) <= x; j++) cumB += wb ? (wb[j] ?? 0) : 1;
    prev = x;
  }
  return area;
}

/** Wasserstein-1 distance normalised by the reference standard deviation (Evidently's "wasserstein" drift score). */
export function normalizedWasserstein(
  reference: readonly number[],
  current: readonly number[],
): WassersteinResult {
  const ref = reference.filter(Number.isFinite);
  const cur = current.filter(Number.isFinite);
  if (ref.length === 0 || cur.length === 0) {
    return { statistic: null, distance: null, referenceStd: null, status: "NOT_ENOUGH_DATA" };
  }
  const distance = wasserstein1(ref, cur);
  return scaleByReferenceStd(distance, ref.length > 1 ? standardDeviation(ref) : 0);
}

/** W₁ divided by σ_ref, with the zero-variance rule above. */
export function scaleByReferenceStd(distance: number, referenceStd: number): WassersteinResult {
  if (referenceStd > 0) return { statistic: distance / referenceStd, distance, referenceStd, status: "ok" };
  if (distance === 0) return { statistic: 0, distance, referenceStd, status: "ok" };
  return { statistic: null, distance, referenceStd, status: "ZERO_VARIANCE" };
}
