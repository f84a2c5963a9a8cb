/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, mirroring scipy.stats.ks_2samp (scipy 1.10):
 * - statistic D = max |F_ref(x) − F_cur(x)| over all observed x;
 * - method 'auto': exact when max(n₁, n₂) ≤ 10 000, otherwise asymptotic;
 * - exact: lattice-path count (./ks-exact.ts); if it under/overflows, fall back to asymptotic;
 * - asymptotic: the one-sample two-sided KS distribution kstwo.sf(D, round(n₁n₂/(n₁+n₂)))
 *   (./kolmogorov-distribution.ts), as scipy does for two-sided tests.
 */
import { kolmogorovSmirnovSurvival } from "./kolmogorov-distribution";
import { gcd, ksTwoSampleExactPValue } from "./ks-exact";
import type { TestResult } from "./types";

/** scipy's MAX_AUTO_N: 'auto' tries the exact distribution while both samples are at most this size. */
export const KS_MAX_AUTO_N = 10_000;
const INT32_MAX = 2 ** 31 - 1;

export type KsMethod = "auto" | "exact" | "asymp";

export interface KsResult extends TestResult {
  /** How the p-value was computed; null when there is no answer. */
  method: "exact" | "asymp" | null;
}

/** Sup-distance between two empirical CDFs of sorted samples (scipy ks_2samp statistic, two-sided). */
export function ksStatistic(sortedA: readonly number[], sortedB: readonly number[]): number {
  const n1 = sortedA.length;
  const n2 = sortedB.length;
  let i = 0;
  let j = 0;
  let maxS = 0;
  let minS = 0;
  while (i < n1 || j < n2) {
    // Evaluate both ECDFs just after the next distinct value, counting ties on both sides.
    const a = i < n1 ? (sortedA[i] ?? 0) : Number.POSITIVE_INFINITY;
    const b = j < n2 ? (sortedB[j] ?? 0) : Number.POSITIVE_INFINITY;
    const x = Math.min(a, b);
    while (i < n1 && (sortedA[i] ?? 0) <= x) i++;
    while (j < n2 && (sortedB[j] ?? 0) <= x) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxS) maxS = diff;
    if (-diff > minS) minS = -diff;
  }
  return Math.min(1, Math.max(maxS, minS));
}

/**
 * Two-sided p-value for a KS statistic d with sample sizes n1, n2
 * (scipy.stats.ks_2samp p-value logic, including the exact→asymptotic fallback).
 * Returns the statistic too because the exact method snaps d to the lattice h/lcm(n1, n2).
 */
export function ksPValue(
  n1: number,
  n2: number,
  d: number,
  method: KsMethod = "auto",
): { statistic: number; pValue: number; method: "exact" | "asymp" } {
  let mode: KsMethod = method;
  let statistic = d;
  const g = gcd(n1, n2);
  if (mode === "auto") mode = Math.max(n1, n2) <= KS_MAX_AUTO_N ? "exact" : "asymp";
  else if (mode === "exact" && n1 / g >= INT32_MAX / (n2 / g)) mode = "asymp";

  if (mode === "exact") {
    const lcm = (n1 / g) * n2;
    statistic = Math.round(d * lcm) / lcm;
    const p = ksTwoSampleExactPValue(n1, n2, d);
    if (p !== null) return { statistic, pValue: clamp01(p), method: "exact" };
  }
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = roundHalfEven((m * n) / (m + n));
  // en rounds to 0 only for n1 = n2 = 1, where every outcome is equally likely.
  const pValue = en >= 1 ? kolmogorovSmirnovSurvival(en, statistic) : 1;
  return { statistic, pValue: clamp01(pValue), method: "asymp" };
}

/** Two-sample two-sided Kolmogorov–Smirnov test (Hodges 1958; scipy.stats.ks_2samp). */
export function ksTwoSample(
  reference: readonly number[],
  current: readonly number[],
  options: { method?: KsMethod } = {},
): KsResult {
  const a = reference.filter(Number.isFinite).sort((x, y) => x - y);
  const b = current.filter(Number.isFinite).sort((x, y) => x - y);
  if (a.length === 0 || b.length === 0) {
    return { statistic: null, pValue: null, method: null, status: "NOT_ENOUGH_DATA" };
  }
  const d = ksStatistic(a, b);
  const r = ksPValue(a.length, b.length, d, options.method ?? "auto");
  return { statistic: r.statistic, pValue: r.pValue, method: r.method, status: "ok" };
}

/** numpy.round semantics (ties to even), needed to reproduce scipy's effective sample size. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}
