/**
 * Deterministic samples for tests, mirrored bit for bit by scripts/reference/drift_data.py:
 * a 32-bit LCG (Numerical Recipes constants) and only +, −, ×, ÷ on the draws, which IEEE 754
 * rounds identically in JavaScript and numpy, so reference values computed by scipy/sklearn
 * apply to exactly these samples.
 */

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
