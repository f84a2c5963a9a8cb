/**
 * Exact distribution of the two-sided one-sample Kolmogorov–Smirnov statistic Dₙ
 * (scipy.stats.kstwo), which scipy's `ks_2samp` uses for its asymptotic two-sample p-value
 * with n = round(n₁n₂/(n₁+n₂)).
 *
 * Written by hand: no installed package offers it (simple-statistics and @stdlib have no
 * Kolmogorov distribution). The algorithm choice follows Simard & L'Ecuyer (2011) exactly as
 * scipy/stats/_ksstats.py does, so p-values agree with scipy to floating-point noise:
 * Ruben–Gambino closed forms at the extremes, Durbin's matrix (Marsaglia–Tsang–Wang) and
 * Pomeranz's recursion for small n, Pelz–Good's asymptotic series and 2·Smirnov otherwise.
 */
import { smirnovSurvival } from "./smirnov";

const E128 = 128;
const EP128 = 2 ** 128;
const EM128 = 2 ** -128;
const LOG_2PI = Math.log(2 * Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const SQRT3 = Math.sqrt(3);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const MIN_LOG = -708;
// Bernoulli-number coefficients B_{2j}/(2j)/(2j−1), j = 8..1, of Stirling's series.
const STIRLING_COEFFS = [
  -3617 / 122400,
  1 / 156,
  -691 / 360360,
  1 / 1188,
  -1 / 1680,
  1 / 1260,
  -1 / 360,
  1 / 12,
];

/**
 * Survival function P(Dₙ ≥ d) of the two-sided one-sample KS statistic
 * (Simard & L'Ecuyer 2011, J. Stat. Softw. 39(11); scipy.stats.kstwo.sf).
 */
export function kolmogorovSmirnovSurvival(n: number, d: number): number {
  if (!(n >= 1) || !Number.isInteger(n) || Number.isNaN(d)) return Number.NaN;
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const t = n * d;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    return clamp01(1 - rubenGambinoLower(n, t));
  }
  if (t >= n - 1) return clamp01(2 * (1 - d) ** n);
  if (d >= 0.5) return clamp01(2 * smirnovSurvival(n, d));

  const nxSquared = t * d;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clamp01(1 - durbinMatrixCdf(n, d));
    if (nxSquared <= 4) return clamp01(1 - pomeranzCdf(n, d));
    return clamp01(2 * smirnovSurvival(n, d));
  }
  // For the upper tail scipy switches to 2·Smirnov earlier than for the CDF.
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clamp01(2 * smirnovSurvival(n, d));
  let cdf: number;
  if (nxSquared >= 18) cdf = 1;
  else if (n <= 100000 && n * d ** 1.5 <= 1.4) cdf = durbinMatrixCdf(n, d);
  else cdf = pelzGoodCdf(n, d);
  return clamp01(1 - cdf);
}

/** P(Dₙ ≤ d) for 1/(2n) < d ≤ 1/n: n!/nⁿ · (2nd − 1)ⁿ (Ruben & Gambino 1982). */
function rubenGambinoLower(n: number, t: number): number {
  if (n <= 140) {
    let prob = 1;
    for (let i = 1; i <= n; i++) prob *= (i / n) * (2 * t - 1);
    return prob;
  }
  return Math.exp(logNFactorialOverNPowN(n) + n * Math.log(2 * t - 1));
}

/** log(n!/nⁿ) by Stirling's series with n·log n removed up front to avoid cancellation. */
function logNFactorialOverNPowN(n: number): number {
  const rn = 1 / n;
  const x = rn / n;
  let poly = 0;
  for (const c of STIRLING_COEFFS) poly = poly * x + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/** P(Dₙ ≤ d) by Durbin's matrix algorithm as organised by Marsaglia, Tsang & Wang (2003). */
function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;

  let H: Float64Array<ArrayBuffer> = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)] ?? 0;
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r] ?? 0;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c] ?? 0;

  let Hpwr = new Float64Array(m * m);
  for (let i = 0; i < m; i++) Hpwr[i * m + i] = 1;
  let nn = n;
  let expnt = 0;
  let hExpnt = 0;
  while (nn > 0) {
    if (nn % 2) {
      Hpwr = matmul(Hpwr, H, m);
      expnt += hExpnt;
    }
    H = matmul(H, H, m);
    hExpnt *= 2;
    // Rescale so that Hⁿ for large n does not overflow; the exponent is restored at the end.
    if (Math.abs(H[(k - 1) * m + (k - 1)] ?? 0) > EP128) {
      for (let i = 0; i < H.length; i++) H[i] = (H[i] ?? 0) / EP128;
      hExpnt += E128;
    }
    nn = Math.floor(nn / 2);
  }

  let p = Hpwr[(k - 1) * m + (k - 1)] ?? 0;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= EP128;
      expnt -= E128;
    }
  }
  if (expnt !== 0) p = ldexp(p, expnt);
  return clamp01(p);
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l] ?? 0;
      if (ail === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] = (out[i * m + j] ?? 0) + ail * (b[l * m + j] ?? 0);
    }
  }
  return out;
}

/** Row-interval endpoints of Pomeranz's recursion for row i. */
function pomeranzJ1J2(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const ip1div2 = Math.floor((i + 1) / 2);
    const ip1mod2 = (i + 1) % 2;
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1;
        j2 = ip1div2 + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1;
      j2 = ip1div2 + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** P(Dₙ ≤ d) by Pomeranz's (1974) recursion (ACM Algorithm 487). */
function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  let expnt = 0;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = ((gpower[m - 1] ?? 0) * gOverN) / m;
    twogpower[m] = ((twogpower[m - 1] ?? 0) * twoGOverN) / m;
    onem2gpower[m] = ((onem2gpower[m - 1] ?? 0) * oneMinusTwoGOverN) / m;
  }

  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let [j1, j2] = pomeranzJ1J2(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzJ1J2(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      const base = k1 - V0s;
      let maxV = 0;
      // Only the slice [convStart, convStart + convLen) of the full convolution is used.
      for (let c = 0; c < convLen; c++) {
        const idx = convStart + c;
        let acc = 0;
        const lo = Math.max(0, idx - (ln2 - 1));
        const hi = Math.min(idx, ln2 - 1);
        for (let a = lo; a <= hi; a++) acc += (V0[base + a] ?? 0) * (pwrs[idx - a] ?? 0);
        V1[c] = acc;
        if (acc > maxV) maxV = acc;
      }
      if (maxV > 0 && maxV < EM128) {
        for (let c = 0; c < V1.length; c++) V1[c] = (V1[c] ?? 0) * EP128;
        expnt -= E128;
      }
      V1s = V0s + j1 - k1;
    }
  }

  let ans = V1[n - V1s] ?? 0;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > EP128) {
      ans *= EM128;
      expnt += E128;
    }
    ans *= m;
  }
  if (expnt !== 0) ans = ldexp(ans, expnt);
  return clamp01(ans);
}

/** Pelz & Good (1976) approximation to P(Dₙ ≤ x), accurate for large n and small x. */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);

  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;

  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qpower = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = (K[i] ?? 0) * qpower + (coeffs[i] ?? 0);
  }
  const denominators = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = ((K[i] ?? 0) * q * SQRT_2PI) / (denominators[i] ?? 1);

  q = Math.exp(-PI2 / 2 / z2);
  const sqrt3z = SQRT3 * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qp = q ** k2;
    const kpi = Math.PI * k;
    k2extra += k2 * qp;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
  }
  K[2] = (K[2] ?? 0) + (k2extra * PI2 * SQRT_2PI) / (-36 * z3);
  K[3] = (K[3] ?? 0) + (k3extra * PI2 * SQRT_2PI) / (216 * z6);
  let total = 0;
  for (let i = 0; i < 4; i++) total += (K[i] ?? 0) / n ** (i / 2);
  return total;
}

/** x · 2^e without overflowing the intermediate power of two. */
function ldexp(x: number, e: number): number {
  let result = x;
  let remaining = e;
  while (remaining > 1000) {
    result *= 2 ** 1000;
    remaining -= 1000;
  }
  while (remaining < -1000) {
    result *= 2 ** -1000;
    remaining += 1000;
  }
  return result * 2 ** remaining;
}

function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}
