/**
 * Exact null distribution of the two-sided two-sample Kolmogorov–Smirnov statistic, as used by
 * scipy.stats.ks_2samp(method='exact').
 *
 * Written by hand: no installed package offers it. The algorithms are those scipy uses
 * (`_compute_prob_outside_square` for n₁ = n₂ and `_compute_outer_prob_inside_method` otherwise),
 * both counting lattice paths after Hodges (1958); the unequal-size case uses Viehmann's (2021)
 * recursion for 1 − p, which stays accurate for small p-values.
 */

/** Greatest common divisor of two positive integers. */
export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/**
 * P(D_{n,n} ≥ h/n) for two samples of equal size n: 2·Σ_k (−1)^(k+1) C(2n, n−kh)/C(2n, n), summed
 * Horner-style to avoid cancellation (Hodges 1958; scipy `_compute_prob_outside_square`).
 */
export function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
    k--;
  }
  return 2 * P;
}

/**
 * Proportion of lattice paths from (0,0) to (m,n) that leave the band |x/m − y/n| < h/lcm(m,n),
 * i.e. P(D_{m,n} ≥ h/lcm) (Hodges 1958; Viehmann 2021, arXiv:2102.08037;
 * scipy `_compute_outer_prob_inside_method`).
 */
export function probOutsideBand(mIn: number, nIn: number, g: number, h: number): number {
  // Symmetric in m, n; the sliding window below assumes m ≥ n.
  const m = Math.max(mIn, nIn);
  const n = Math.min(mIn, nIn);
  const mg = m / g;
  const ng = n / g;

  // A holds one column of the path-count recursion, already divided by the binomial so the
  // entries are probabilities; only a window [minj, maxj) of rows inside the band is non-trivial.
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  for (let j = minj; j < maxj; j++) A[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = ((A[jj + minj - lastminj] ?? 1) * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) {
      for (let t = maxj - minj; t < maxj - minj + (lastlen - curlen) && t < lenA; t++) A[t] = 1;
    }
  }
  return A[maxj - minj - 1] ?? 1;
}

/**
 * Exact two-sided p-value P(D ≥ d) for sample sizes n1, n2 (scipy `_attempt_exact_2kssamp`).
 * Returns null when the computation under- or overflows, so the caller can fall back to the
 * asymptotic distribution as scipy does. `d` is snapped to the lattice h/lcm(n1, n2) first.
 */
export function ksTwoSampleExactPValue(n1: number, n2: number, d: number): number | null {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  if (h === 0) return 1;
  const prob = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
  if (!Number.isFinite(prob) || prob < 0 || prob > 1) return null;
  return prob;
}
