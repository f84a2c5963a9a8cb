/**
 * Reference-quantile binning for numeric drift.
 *
 * Binning rule (documented in docs/statistics-models.md):
 * - interior edges are the reference quantiles at i/bins, i = 1..bins−1 (10 bins by default),
 *   by linear interpolation between order statistics (numpy.quantile's default, and the same
 *   as Postgres `percentile_cont`), with duplicate edges removed (a constant or heavily tied
 *   reference yields fewer bins);
 * - the outer bins are open, (−∞, e₁) and [e_k, +∞), so current values outside the
 *   reference range land in the end bins;
 * - bins are closed on the left, [e_i, e_{i+1}): bin index = number of edges ≤ x, which is
 *   exactly Postgres `width_bucket(x, edges_array)` and numpy `searchsorted(edges, x, 'right')`.
 *
 * The linear-interpolation quantile is written by hand because simple-statistics'
 * `quantileSorted` uses a different (nearest-rank style) definition, which would not match
 * numpy or SQL's `percentile_cont`.
 */

/** Default number of reference-quantile bins. */
export const DEFAULT_BINS = 10;

/**
 * Quantile of a sorted sample by linear interpolation between order statistics
 * (Hyndman & Fan 1996 type 7; numpy.quantile(method='linear'); Postgres percentile_cont).
 */
export function quantileSorted(sorted: readonly number[], p: number): number | null {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return null;
  const virtual = (n - 1) * p;
  const lo = Math.floor(virtual);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? 0;
  const t = virtual - lo;
  const diff = b - a;
  // numpy interpolates from the nearer end so the result stays monotone in p at ties.
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * Quantile levels used for the bin edges: i · (1/bins), i = 1..bins−1 (computed as numpy's
 * `linspace(0, 1, bins + 1)[1:-1]` does, so edges agree bit for bit with the reference scripts).
 */
export function quantileLevels(bins: number = DEFAULT_BINS): number[] {
  const k = Math.max(1, Math.floor(bins));
  const step = 1 / k;
  const levels: number[] = [];
  for (let i = 1; i < k; i++) levels.push(i * step);
  return levels;
}

/**
 * Reference-quantile interior bin edges from a sorted sample: quantiles at i/bins, deduplicated
 * (Evidently / industry PSI practice with numpy.quantile; see the binning rule above).
 */
export function referenceQuantileEdges(
  sortedReference: readonly number[],
  bins: number = DEFAULT_BINS,
): number[] {
  const quantiles: number[] = [];
  for (const p of quantileLevels(bins)) {
    const q = quantileSorted(sortedReference, p);
    if (q !== null) quantiles.push(q);
  }
  return edgesFromQuantiles(quantiles);
}

/**
 * Bin edges from a list of reference quantiles (e.g. the result of SQL
 * `percentile_cont(array[0.1, …, 0.9]) within group (order by x)`): sorted, finite, unique
 * (numpy.unique semantics), ready for `width_bucket(x, edges)`.
 */
export function edgesFromQuantiles(quantiles: readonly number[]): number[] {
  const finite = quantiles.filter((q) => Number.isFinite(q)).sort((a, b) => a - b);
  const edges: number[] = [];
  for (const q of finite) if (edges.length === 0 || q !== edges[edges.length - 1]) edges.push(q);
  return edges;
}

/** Bin index of x for interior edges: number of edges ≤ x (Postgres width_bucket with an array). */
export function binIndex(edges: readonly number[], x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((edges[mid] ?? 0) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts per bin (edges.length + 1 bins, open at both ends) for finite values. */
export function binCounts(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const x of values) {
    const i = binIndex(edges, x);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}
