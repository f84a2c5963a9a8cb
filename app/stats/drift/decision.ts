/**
 * The shared last step of every drift check: run a histogram method on two count vectors, and
 * decide "drifted" against a threshold — used by detectDrift (raw values) and by the drift job
 * (counts from SQL), so both decide identically.
 */
import { chiSquareFromCounts } from "./chi-square";
import { type DriftMethod, P_VALUE_METHODS, type ResolvedDriftConfig } from "./config";
import { hellingerFromCounts } from "./hellinger";
import { jensenShannonFromCounts } from "./jensen-shannon";
import { psiFromCounts } from "./psi";
import type { DriftStatus } from "./types";

/** Outcome of the separate missing-share comparison used with KS and Wasserstein. */
export interface MissingShareResult {
  referenceShare: number;
  currentShare: number;
  method: "chi-square" | "jensen-shannon";
  statistic: number | null;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
}

/**
 * A histogram drift method (PSI, Jensen–Shannon, Hellinger, chi-square) on aligned bin counts.
 * For the distances, `pValue` is chi-square's on the same counts (see `decide`).
 */
export function histogramMethod(
  method: DriftMethod,
  reference: readonly number[],
  current: readonly number[],
  cfg: ResolvedDriftConfig,
): { statistic: number | null; pValue: number | null; status: DriftStatus } {
  const test = () => chiSquareFromCounts(reference, current, cfg.unseenShare).pValue;
  switch (method) {
    case "psi":
      return { ...psiFromCounts(reference, current, cfg.psiEpsilon), pValue: test() };
    case "jensen-shannon":
      return { ...jensenShannonFromCounts(reference, current), pValue: test() };
    case "hellinger":
      return { ...hellingerFromCounts(reference, current), pValue: test() };
    case "chi-square":
      return chiSquareFromCounts(reference, current, cfg.unseenShare);
    default:
      return { statistic: null, pValue: null, status: "METHOD_NOT_APPLICABLE" };
  }
}

/**
 * p-value methods drift when p < threshold. Distance methods drift when statistic ≥ threshold and
 * the matching test's p-value (carried in `pValue`) is below `significance`: the distance says
 * the change matters, the test that it is not sampling noise.
 */
export function decide(
  method: DriftMethod,
  statistic: number | null,
  pValue: number | null,
  threshold: number,
  significance: number,
): boolean {
  if (P_VALUE_METHODS.has(method)) return pValue !== null && pValue < threshold;
  return statistic !== null && statistic >= threshold && pValue !== null && pValue < significance;
}

/** Enough rows on both sides to judge at all (cfg.minRows). */
export function enoughRows(referenceCount: number, currentCount: number, cfg: ResolvedDriftConfig): boolean {
  return Math.min(referenceCount, currentCount) >= cfg.minRows;
}

/** Compares the share of missing values, from [present, missing] counts on each side. */
export function missingShareTest(
  method: "chi-square" | "jensen-shannon",
  reference: readonly [number, number],
  current: readonly [number, number],
  cfg: ResolvedDriftConfig,
): MissingShareResult {
  const r = histogramMethod(method, reference, current, cfg);
  const threshold = cfg.thresholds[method];
  return {
    referenceShare: reference[1] / (reference[0] + reference[1]),
    currentShare: current[1] / (current[0] + current[1]),
    method,
    statistic: r.statistic,
    pValue: r.pValue,
    threshold,
    drifted: r.status === "ok" && decide(method, r.statistic, r.pValue, threshold, cfg.significance),
  };
}

/** A histogram method and its decision: the statistic, p-value, drifted flag and status. */
export function histogramDrift(
  method: DriftMethod,
  reference: readonly number[],
  current: readonly number[],
  threshold: number,
  cfg: ResolvedDriftConfig,
): { statistic: number | null; pValue: number | null; drifted: boolean; status: DriftStatus } {
  const r = histogramMethod(method, reference, current, cfg);
  return {
    ...r,
    drifted: r.status === "ok" && decide(method, r.statistic, r.pValue, threshold, cfg.significance),
  };
}

/** What a value method (KS or normalised Wasserstein) answered, however it was computed. */
export interface ValueMethodResult {
  statistic: number | null;
  /** KS's p-value, for Wasserstein too (its matching test, see `decide`). */
  pValue: number | null;
  status: DriftStatus;
  /** Wasserstein only: the raw distance, which decides when the reference has no scale. */
  distance?: number | null;
}

/**
 * KS and Wasserstein compare the present values; the missing share is tested on its own (KS with
 * chi-square, Wasserstein with Jensen–Shannon), and either test drifting flags the feature.
 * `compare` runs only when both sides have present values.
 */
export function valueDriftWithMissing(
  method: "ks" | "wasserstein",
  reference: { present: number; missing: number },
  current: { present: number; missing: number },
  threshold: number,
  cfg: ResolvedDriftConfig,
  compare: () => ValueMethodResult,
): {
  statistic: number | null;
  pValue: number | null;
  drifted: boolean;
  status: DriftStatus;
  missing: MissingShareResult;
} {
  const missing = missingShareTest(
    method === "ks" ? "chi-square" : "jensen-shannon",
    [reference.present, reference.missing],
    [current.present, current.missing],
    cfg,
  );
  if (reference.present === 0 || current.present === 0) {
    return { statistic: null, pValue: null, drifted: missing.drifted, status: "ALL_MISSING", missing };
  }
  const r = compare();
  // A constant reference has no scale: any movement at all counts as drift (see wasserstein.ts).
  const drifted =
    method === "wasserstein" && r.status === "ZERO_VARIANCE"
      ? (r.distance ?? 0) > 0
      : decide(method, r.statistic, r.pValue, threshold, cfg.significance);
  return {
    statistic: r.statistic,
    pValue: r.pValue,
    drifted: drifted || missing.drifted,
    status: r.status,
    missing,
  };
}
