/**
 * KS and Wasserstein-1 from fine reference-quantile cells, for the drift job whose data stays in
 * SQL (decision 0005, docs/statistics-models.md "Drift from SQL").
 *
 * The reference's quantiles at {@link CELL_LEVELS} (≈ 2,200 levels: 1,000 equal steps in the
 * middle, steps shrinking geometrically to 1e-7 in both tails; SQL `percentile_disc`, so every
 * edge is an observed value) cut the line into cells (−∞, e₀), [e₀, e₁), …, [e_last, +∞). Each
 * sample is summarised per cell by count, sum, Σ(x − mean)², min and max — sums that merge
 * across days and shards. Between cells both empirical CDFs are known exactly; inside a cell
 * each is modelled from its min, max and the mean and spread of the values between them (see
 * cellModel), exact for up to four values. Then:
 * - the signed area ∫(F_ref − F_cur) over every cell is exact, so W₁ = ∫|F_ref − F_cur| is exact
 *   wherever the two CDFs do not cross inside a cell (both open end cells, cells holding ≤ 4
 *   values of a sample, every cell of data with few distinct values); where they cross, the
 *   model's error is a small part of W₁ (≤ 0.3% on the tested shapes, decision 0005);
 * - D = sup|F_ref − F_cur| is the largest gap at points where both CDFs are known exactly (cell
 *   edges, and a sample's min/max lying outside the other's range in the cell): a lower bound
 *   of the exact D, short of it by at most the reference mass inside one cell (≤ 1/1000 in the
 *   middle, less in the tails), and exact for data with few distinct values.
 */
import { ksPValue, type KsResult } from "./ks";
import { scaleByReferenceStd, type WassersteinResult } from "./wasserstein";

/** Equal steps in the middle of the reference quantile grid. */
const MIDDLE_STEPS = 1000;
/** In the tails a cell holds at most this share of the mass beyond it. */
const TAIL_RATIO = 0.02;
/** The smallest tail level: finer than one value in 10⁷ is a single value anyway. */
const SMALLEST_LEVEL = 1e-7;

function cellLevels(): number[] {
  const low: number[] = [];
  let u = 0.5;
  while (u > SMALLEST_LEVEL) {
    u -= Math.min(1 / MIDDLE_STEPS, TAIL_RATIO * u);
    low.push(u);
  }
  const levels = new Set<number>([0, 0.5, 1]);
  for (const l of low) {
    levels.add(Math.max(0, l));
    levels.add(Math.min(1, 1 - l));
  }
  return [...levels].sort((a, b) => a - b);
}

/** Quantile levels of the reference cell edges (SQL `percentile_disc` at these). */
export const CELL_LEVELS: readonly number[] = cellLevels();

/**
 * One sample's summary on the reference cells: arrays of length edges.length + 1, cell 0 being
 * (−∞, e₀) and the last [e_last, +∞); min/max are null in empty cells.
 */
export interface ValueCells {
  count: readonly number[];
  sum: readonly number[];
  /** Σ(x − cell mean)² (count × SQL var_pop): merges across shards by the parallel-variance formula. */
  m2: readonly number[];
  min: ReadonlyArray<number | null>;
  max: ReadonlyArray<number | null>;
}

/** Cell edges from the reference quantiles: finite, sorted, unique. */
export function cellEdges(quantiles: readonly number[]): number[] {
  const sorted = quantiles.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.filter((q, i) => i === 0 || q !== sorted[i - 1]);
}

/** A piecewise-linear CDF model inside one cell: knots (x, F), a jump being two knots at one x. */
type Knots = Array<[number, number]>;

interface CellStats {
  count: number;
  sum: number;
  m2: number;
  lo: number | null;
  hi: number | null;
}

function cellStats(s: ValueCells, k: number): CellStats {
  return {
    count: s.count[k] ?? 0,
    sum: s.sum[k] ?? 0,
    m2: s.m2[k] ?? 0,
    lo: s.min[k] ?? null,
    hi: s.max[k] ?? null,
  };
}

/**
 * The model of one sample inside a cell [a, b] starting at CDF value `fa` (in counts, not yet
 * divided by n): min and max are single values; the other count − 2 have the exact mean and
 * spread left once min and max are taken out (parallel-variance formula), as one value, two
 * values at mean ± sd (exact for up to four values), or spread uniformly with that mean and sd
 * (clipped into [min, max], keeping the mean).
 */
function cellModel(a: number, b: number, fa: number, s: CellStats): Knots {
  const { count, lo, hi } = s;
  if (count === 0 || lo === null || hi === null)
    return [
      [a, fa],
      [b, fa],
    ];
  const fb = fa + count;
  if (count === 1 || hi === lo)
    return [
      [a, fa],
      [lo, fa],
      [lo, fb],
      [b, fb],
    ];
  if (count === 2)
    return [
      [a, fa],
      [lo, fa],
      [lo, fa + 1],
      [hi, fa + 1],
      [hi, fb],
      [b, fb],
    ];
  const k = count - 2;
  const clamp = (x: number) => Math.min(hi, Math.max(lo, x));
  const mean = clamp((s.sum - lo - hi) / k);
  const ends = (hi - lo) ** 2 / 2 + ((mean - (lo + hi) / 2) ** 2 * k * 2) / count;
  const sd = Math.sqrt(Math.max(0, s.m2 - ends) / k);
  const inner: Knots = [];
  if (k === 1) inner.push([mean, fa + 1], [mean, fb - 1]);
  else if (k === 2) {
    const [p, q] = [clamp(mean - sd), clamp(mean + sd)];
    inner.push([p, fa + 1], [p, fa + 2], [q, fa + 2], [q, fb - 1]);
  } else {
    const half = Math.min(Math.sqrt(3) * sd, mean - lo, hi - mean);
    inner.push([mean - half, fa + 1], [mean + half, fb - 1]);
  }
  return [[a, fa], [lo, fa], [lo, fa + 1], ...inner, [hi, fb - 1], [hi, fb], [b, fb]];
}

/** The model's value just right of x (the CDF at x). */
function rightValue(knots: Knots, x: number): number {
  let j = -1;
  while (j + 1 < knots.length && (knots[j + 1] as [number, number])[0] <= x) j++;
  if (j < 0) return (knots[0] as [number, number])[1];
  const [xj, fj] = knots[j] as [number, number];
  const next = knots[j + 1];
  if (!next || xj === x) return fj;
  return fj + ((next[1] - fj) * (x - xj)) / (next[0] - xj);
}

/** The model's value just left of x. */
function leftValue(knots: Knots, x: number): number {
  const j = knots.findIndex(([xi]) => xi >= x);
  if (j < 0) return (knots[knots.length - 1] as [number, number])[1];
  const [xj, fj] = knots[j] as [number, number];
  const previous = knots[j - 1];
  if (!previous || xj === x) return fj;
  return previous[1] + ((fj - previous[1]) * (x - previous[0])) / (xj - previous[0]);
}

/** ∫|g| over [x0, x1] for g linear from g0 to g1. */
function absLinearArea(g0: number, g1: number, width: number): number {
  if (g0 * g1 >= 0) return (Math.abs(g0 + g1) / 2) * width;
  return ((g0 * g0 + g1 * g1) / (2 * Math.abs(g0 - g1))) * width;
}

/** Both samples' cell summaries checked against the edges; totals of each. */
function totals(edges: readonly number[], reference: ValueCells, current: ValueCells) {
  const cells = edges.length + 1;
  const ok = [reference, current].every(
    (s) =>
      s.count.length === cells &&
      s.sum.length === cells &&
      s.m2.length === cells &&
      s.min.length === cells &&
      s.max.length === cells &&
      s.count.every((c) => c >= 0 && Number.isInteger(c)),
  );
  const sumOf = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
  return { ok, n: sumOf(reference.count), m: sumOf(current.count) };
}

/** The cell [a, b] holding cell k's values (the open end cells end at the samples' extremes). */
function cellBounds(edges: readonly number[], k: number, reference: ValueCells, current: ValueCells) {
  const values = [reference.min[k], reference.max[k], current.min[k], current.max[k]].filter(
    (x): x is number => x !== null && x !== undefined,
  );
  const a = k === 0 ? Math.min(...values) : (edges[k - 1] as number);
  const b = k === edges.length ? Math.max(...values) : (edges[k] as number);
  return { a: Math.min(a, b), b };
}

/**
 * Raw W₁ = ∫|F_ref − F_cur| from the two samples' cells (see the file comment for the model and
 * its precision). Null when either sample is empty or the inputs disagree with the edges.
 */
export function wasserstein1FromCells(
  edges: readonly number[],
  reference: ValueCells,
  current: ValueCells,
): number | null {
  const { ok, n, m } = totals(edges, reference, current);
  if (!ok || n === 0 || m === 0) return null;
  let fr = 0;
  let fc = 0;
  let area = 0;
  for (let k = 0; k <= edges.length; k++) {
    const cr = reference.count[k] ?? 0;
    const cc = current.count[k] ?? 0;
    if (cr > 0 || cc > 0) {
      const { a, b } = cellBounds(edges, k, reference, current);
      const r = cellModel(a, b, fr, cellStats(reference, k));
      const c = cellModel(a, b, fc, cellStats(current, k));
      const xs = [...new Set([...r, ...c].map(([x]) => x))].sort((x, y) => x - y);
      for (let i = 1; i < xs.length; i++) {
        const x0 = xs[i - 1] as number;
        const x1 = xs[i] as number;
        const g0 = rightValue(r, x0) / n - rightValue(c, x0) / m;
        const g1 = leftValue(r, x1) / n - leftValue(c, x1) / m;
        area += absLinearArea(g0, g1, x1 - x0);
      }
    }
    // The gap left of the next edge (both CDFs are flat between a cell's values and the edge).
    fr += cr;
    fc += cc;
  }
  return area;
}

/**
 * KS D from the two samples' cells: the largest gap where both CDFs are known exactly (see the
 * file comment), a lower bound of the exact D within the reference mass of one cell.
 */
export function ksStatisticFromCells(
  edges: readonly number[],
  reference: ValueCells,
  current: ValueCells,
): number | null {
  const { ok, n, m } = totals(edges, reference, current);
  if (!ok || n === 0 || m === 0) return null;
  let fr = 0;
  let fc = 0;
  let d = 0;
  const gap = (r: number, c: number) => Math.abs(r / n - c / m);
  for (let k = 0; k <= edges.length; k++) {
    const cr = reference.count[k] ?? 0;
    const cc = current.count[k] ?? 0;
    d = Math.max(d, gap(fr, fc));
    const sides = [
      { f: fr, count: cr, lo: reference.min[k] ?? null, hi: reference.max[k] ?? null },
      { f: fc, count: cc, lo: current.min[k] ?? null, hi: current.max[k] ?? null },
    ] as const;
    // F of one side just left of x (side −1) or at x (side +1), when the cell's values allow knowing it.
    const known = (s: (typeof sides)[number], x: number, side: -1 | 1): number | null => {
      if (s.count === 0 || s.lo === null || s.hi === null) return s.f;
      if (side === -1 ? x <= s.lo : x < s.lo) return s.f;
      if (side === -1 ? x > s.hi : x >= s.hi) return s.f + s.count;
      return null;
    };
    for (const [i, s] of sides.entries()) {
      const other = sides[1 - i] as (typeof sides)[number];
      if (s.count === 0 || s.lo === null || s.hi === null) continue;
      for (const [x, side, own] of [
        [s.lo, -1, s.f],
        [s.hi, 1, s.f + s.count],
      ] as const) {
        const o = known(other, x, side);
        if (o !== null) d = Math.max(d, i === 0 ? gap(own, o) : gap(o, own));
      }
    }
    fr += cr;
    fc += cc;
  }
  return Math.min(1, d);
}

/** Two-sample KS test from cells: D as {@link ksStatisticFromCells}, p-value as ks.ts (scipy 'auto'). */
export function ksFromCells(edges: readonly number[], reference: ValueCells, current: ValueCells): KsResult {
  const d = ksStatisticFromCells(edges, reference, current);
  if (d === null) return { statistic: null, pValue: null, method: null, status: "INVALID_INPUT" };
  const n1 = reference.count.reduce((s, c) => s + c, 0);
  const n2 = current.count.reduce((s, c) => s + c, 0);
  const r = ksPValue(n1, n2, d);
  return { statistic: r.statistic, pValue: r.pValue, method: r.method, status: "ok" };
}

/** W₁ from cells divided by the raw reference σ (population, SQL `stddev_pop`), as normalizedWasserstein. */
export function wassersteinFromCells(
  edges: readonly number[],
  reference: ValueCells,
  current: ValueCells,
  referenceStd: number,
): WassersteinResult {
  const distance = wasserstein1FromCells(edges, reference, current);
  if (distance === null || !(referenceStd >= 0) || !Number.isFinite(referenceStd))
    return { statistic: null, distance: null, referenceStd: null, status: "INVALID_INPUT" };
  return scaleByReferenceStd(distance, referenceStd);
}
