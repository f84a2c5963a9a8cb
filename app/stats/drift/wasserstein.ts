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
import { checkCounts } from "./counts";
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

/**
 * Normalised Wasserstein-1 from binned counts (ordered bins, no missing bin), approximating
 * {@link normalizedWasserstein}: every observation is moved to its bin's midpoint. The end bins
 * are open, so their representative is the midpoint between the outer edge and the overall
 * `lower`/`upper` bound when given (SQL: min/max over both samples), else the edge itself.
 * Each interior observation moves by at most half its bin width, so the binned W₁ differs from
 * the raw one by at most Σ_b (w_b/2)(p_b + q_b); it is exact when each bin holds a single value
 * at its midpoint. `referenceStd` is the raw reference population std (SQL stddev_pop).
 */
export function wassersteinFromCounts(input: {
  edges: readonly number[];
  reference: readonly number[];
  current: readonly number[];
  referenceStd: number;
  lower?: number;
  upper?: number;
}): WassersteinResult {
  const { edges, reference, current } = input;
  const check = checkCounts(reference, current);
  if (!check.ok) return { statistic: null, distance: null, referenceStd: null, status: check.status };
  if (
    reference.length !== edges.length + 1 ||
    !(input.referenceStd >= 0) ||
    !Number.isFinite(input.referenceStd)
  ) {
    return { statistic: null, distance: null, referenceStd: null, status: "INVALID_INPUT" };
  }
  const k = edges.length;
  const points: number[] = [];
  for (let b = 0; b <= k; b++) {
    if (k === 0) points.push(0);
    else if (b === 0) {
      const first = edges[0] ?? 0;
      points.push(input.lower !== undefined ? Math.min(first, (input.lower + first) / 2) : first);
    } else if (b === k) {
      const last = edges[k - 1] ?? 0;
      points.push(input.upper !== undefined ? Math.max(last, (last + input.upper) / 2) : last);
    } else points.push(((edges[b - 1] ?? 0) + (edges[b] ?? 0)) / 2);
  }
  const distance = cdfArea(points, points, reference, current);
  return scaleByReferenceStd(distance, input.referenceStd);
}
