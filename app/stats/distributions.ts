/**
 * Thin, typed wrappers over @stdlib's distribution functions, so every statistics module
 * imports its CDFs and quantiles from one place (and tests can check them once).
 */
import gammainc from "@stdlib/math-base-special-gammainc";
import binomialCdf from "@stdlib/stats-base-dists-binomial-cdf";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalPdf from "@stdlib/stats-base-dists-normal-pdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

/** Standard normal CDF Φ(x) (scipy.stats.norm.cdf). */
export function phi(x: number): number {
  return normalCdf(x, 0, 1);
}

/** Standard normal density φ(x) (scipy.stats.norm.pdf). */
export function phiDensity(x: number): number {
  return normalPdf(x, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p) (scipy.stats.norm.ppf). */
export function phiInverse(p: number): number {
  return normalQuantile(p, 0, 1);
}

/** Student's t CDF with df degrees of freedom (scipy.stats.t.cdf); df = ∞ falls back to the normal. */
export function studentTCdf(x: number, df: number): number {
  return Number.isFinite(df) ? tCdf(x, df) : phi(x);
}

/** Student's t quantile with df degrees of freedom (scipy.stats.t.ppf); df = ∞ falls back to the normal. */
export function studentTQuantile(p: number, df: number): number {
  return Number.isFinite(df) ? tQuantile(p, df) : phiInverse(p);
}

/**
 * Upper tail of the chi-square distribution, P(X ≥ x) (scipy.stats.chi2.sf), as the regularised
 * upper incomplete gamma Q(df/2, x/2) — not 1 − CDF, which rounds p-values below ~1e-16 to 0.
 */
export function chiSquareSurvival(x: number, df: number): number {
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

/** Binomial CDF P(X ≤ k) for X ~ Bin(n, p) (scipy.stats.binom.cdf). */
export function binomialCdfAt(k: number, n: number, p: number): number {
  return binomialCdf(k, n, p);
}
