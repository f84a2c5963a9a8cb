/**
 * One-sided one-sample Kolmogorov–Smirnov (Smirnov) distribution, P(D⁺ₙ ≥ d).
 *
 * Written by hand because neither simple-statistics nor the installed @stdlib packages ship it;
 * scipy's `scipy.special.smirnov` is C code (cephes/kolmogorov.c). It is needed by the two-sided
 * distribution in ./kolmogorov-distribution.ts, which scipy evaluates as 2·smirnov for large d.
 */

// exp() of anything below this is 0 in double precision (cephes MINLOG).
const MIN_LOG = -708.3964185322641;
// Above this n scipy stops summing and uses an approximation; mirrored so results agree.
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;

/**
 * Smirnov's one-sided survival function P(D⁺ₙ ≥ d) by the Birnbaum–Tingey sum
 * (Birnbaum & Tingey 1951; van Mulbregt 2018, arXiv:1802.06966; scipy.special.smirnov).
 */
export function smirnovSurvival(n: number, d: number): number {
  if (!(n >= 1) || !Number.isInteger(n) || Number.isNaN(d)) return Number.NaN;
  if (d <= 0) return 1;
  if (d >= 1) return 0;
  if (n === 1) return 1 - d;

  const nd = n * d;
  const ndFloor = Math.floor(nd);
  // d ≤ 1/n: closed form (all but the trivially small term contribute), as scipy's special case.
  if (ndFloor === 0 || (ndFloor === 1 && nd === 1)) {
    return clamp01(1 - d * (1 + d) ** (n - 1));
  }
  if (-2 * n * d * d < MIN_LOG) return 0;
  if (ndFloor >= n - 1) return clamp01((1 - d) ** n);
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    // scipy's large-n approximation p ≈ exp(−(6nd+1)²/(18n)).
    const logp = -((6 * n * d + 1) ** 2) / 18 / n;
    return clamp01(Math.exp(logp));
  }

  // Lower sum: d · Σ_{v=0}^{⌊n(1−d)⌋} C(n,v) (d + v/n)^(v−1) (1 − d − v/n)^(n−v).
  // Terms are positive (no cancellation); they are formed in log space because C(n,v) and the
  // powers overflow/underflow doubles long before n reaches scipy's 10⁶ cut-off.
  const last = Math.floor(n * (1 - d));
  let logBinom = 0;
  let sum = 0;
  for (let v = 0; v <= last; v++) {
    const upper = (n - v) / n - d;
    if (upper > 0) {
      const lower = d + v / n;
      const logTerm = logBinom + (v - 1) * Math.log(lower) + (n - v) * Math.log(upper);
      if (logTerm > MIN_LOG) sum += Math.exp(logTerm);
    }
    logBinom += Math.log((n - v) / (v + 1));
  }
  return clamp01(d * sum);
}

function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}
