/**
 * Deterministic samples for tests, mirrored bit for bit by scripts/reference/drift_data.py:
 * a 32-bit LCG (Numerical Recipes constants) and only +, −, ×, ÷ on the draws, which IEEE 754
 * rounds identically in JavaScript and numpy, so reference values computed by scipy/sklearn
 * apply to exactly these samples.
 */

import { CELL_LEVELS, cellEdges, type ValueCells } from "./value-cells";

const M = 2 ** 32;

/** n draws in (0, 1): (state + 0.5)/2³² after each LCG step. */
export function uniforms(seed: number, n: number): number[] {
  let state = seed % M;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    // 1664525·state < 2⁵³, so the product is exact in a double.
    state = (1664525 * state + 1013904223) % M;
    out.push((state + 0.5) / M);
  }
  return out;
}

/** Irwin–Hall(4) bell-shaped draws: (u₁+u₂+u₃+u₄−2)·scale + loc (variance scale²/3). */
export function bell(seed: number, n: number, loc = 0, scale = 1): number[] {
  const u = uniforms(seed, 4 * n);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = (u[4 * i] ?? 0) + (u[4 * i + 1] ?? 0) + (u[4 * i + 2] ?? 0) + (u[4 * i + 3] ?? 0);
    out.push((s - 2) * scale + loc);
  }
  return out;
}

/** n integers in 0..k−1: floor(u·k). */
export function integers(seed: number, n: number, k: number): number[] {
  return uniforms(seed, n).map((u) => Math.floor(u * k));
}

/** The feature shapes of the drift-precision tests (decision 0005). */
export const DRIFT_SHAPES = ["normal", "lognormal", "student2", "cauchy", "discrete", "constant"] as const;
export type DriftShape = (typeof DRIFT_SHAPES)[number];

/**
 * n draws of one shape, moved by `shift` (a location shift in the shape's own units; for the
 * discrete shape the share of draws moved up by one). Transcendental functions make these
 * JavaScript-specific, so the reference script reads them exported
 * (scripts/reference/drift_precision_export.ts) rather than regenerating them.
 */
export function driftShape(shape: DriftShape, seed: number, n: number, shift = 0): number[] {
  const u = uniforms(seed, 2 * n);
  const a = (i: number) => u[2 * i] ?? 0.5;
  const b = (i: number) => u[2 * i + 1] ?? 0.5;
  // Box–Muller: exact normal draws from two uniforms.
  const normal = (i: number) => Math.sqrt(-2 * Math.log(a(i))) * Math.cos(2 * Math.PI * b(i));
  return Array.from({ length: n }, (_, i) => {
    switch (shape) {
      case "normal":
        return 10 + 2 * normal(i) + shift;
      case "lognormal":
        return Math.exp(normal(i) + shift);
      case "student2": {
        // The inverse CDF of Student's t with 2 degrees of freedom: infinite variance.
        const p = a(i);
        return (2 * p - 1) / Math.sqrt(2 * p * (1 - p)) + shift;
      }
      case "cauchy":
        return Math.tan(Math.PI * (a(i) - 0.5)) + shift;
      case "discrete":
        return (
          Math.floor(a(i) * 6) + Math.floor(b(i) * 6) + (b(i) * 7 - Math.floor(b(i) * 7) < shift ? 1 : 0)
        );
      case "constant":
        return 3 + shift;
    }
    return 0;
  });
}

/** SQL percentile_disc: the first value whose position reaches the level. */
function percentileDisc(sorted: readonly number[], level: number): number {
  const row = Math.max(1, Math.ceil(level * sorted.length));
  return sorted[row - 1] as number;
}

/** What the drift job's SQL computes per reference cell: width_bucket, then count, sum, Σ(x − mean)², min, max. */
export function valueCellsOf(values: readonly number[], edges: readonly number[]): ValueCells {
  const cells = edges.length + 1;
  const count = new Array<number>(cells).fill(0);
  const sum = new Array<number>(cells).fill(0);
  const m2 = new Array<number>(cells).fill(0);
  const min = new Array<number | null>(cells).fill(null);
  const max = new Array<number | null>(cells).fill(null);
  const cellOf = (x: number) => {
    let k = 0;
    let hi = edges.length;
    while (k < hi) {
      const mid = (k + hi) >>> 1;
      if ((edges[mid] as number) <= x) k = mid + 1;
      else hi = mid;
    }
    return k;
  };
  for (const x of values) {
    const k = cellOf(x);
    count[k] = (count[k] ?? 0) + 1;
    sum[k] = (sum[k] ?? 0) + x;
    min[k] = Math.min(min[k] ?? x, x);
    max[k] = Math.max(max[k] ?? x, x);
  }
  for (const x of values) {
    const k = cellOf(x);
    m2[k] = (m2[k] ?? 0) + (x - (sum[k] ?? 0) / (count[k] ?? 1)) ** 2;
  }
  return { count, sum, m2, min, max };
}

/** The cell edges the drift job's SQL cuts from a reference sample (percentile_disc at CELL_LEVELS). */
export function referenceCellEdges(reference: readonly number[]): number[] {
  const sorted = [...reference].sort((a, b) => a - b);
  return cellEdges(CELL_LEVELS.map((l) => percentileDisc(sorted, l)));
}
