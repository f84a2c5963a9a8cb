/**
 * Expected calibration error and reliability-diagram bins.
 *
 * Bins: `bins` equal-width bins on [0, 1] (10 by default) with edges i·(1/bins), as
 * sklearn.calibration.calibration_curve(strategy='uniform'): a score equal to an interior edge
 * belongs to the lower bin (numpy searchsorted, side='left'), i.e. bins are (e_i, e_{i+1}] except
 * the first, which also holds 0. ECE = Σ_b (n_b/N)·|observed_b − predicted_b| over non-empty bins
 * (Naeini, Cooper & Hauskrecht 2015).
 */
import { type BinaryLabel, checkBinaryInput, type PerformanceStatus } from "./types";

export const DEFAULT_CALIBRATION_BINS = 10;

/** Sufficient statistics of one bin: SQL `count(*), sum(score), sum(label)` grouped by bin. */
export interface CalibrationBinSums {
  count: number;
  sumScore: number;
  sumLabel: number;
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean predicted probability in the bin, null when empty. */
  meanPredicted: number | null;
  /** Observed positive rate in the bin, null when empty. */
  observedRate: number | null;
}

export interface CalibrationResult {
  ece: number | null;
  bins: ReliabilityBin[];
  count: number;
  status: PerformanceStatus;
}

/** Upper edge of bin i of `bins` equal-width bins, computed as numpy's linspace(0, 1, bins + 1). */
function edge(i: number, bins: number): number {
  return i === bins ? 1 : i * (1 / bins);
}

/** Bin of a score: number of interior edges strictly below it (sklearn calibration_curve's searchsorted). */
export function calibrationBinIndex(score: number, bins: number = DEFAULT_CALIBRATION_BINS): number {
  let lo = 0;
  let hi = bins - 1;
  // Interior edges are edge(1) … edge(bins − 1); find how many are < score.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edge(mid + 1, bins) < score) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** ECE and reliability bins from per-bin sufficient statistics (Naeini et al. 2015; Guo et al. 2017). */
export function calibrationFromBinSums(sums: readonly CalibrationBinSums[]): CalibrationResult {
  const k = sums.length;
  const valid = sums.every(
    (s) =>
      s.count >= 0 && Number.isFinite(s.count) && Number.isFinite(s.sumScore) && Number.isFinite(s.sumLabel),
  );
  if (k === 0 || !valid)
    return { ece: null, bins: [], count: 0, status: k === 0 ? "NOT_ENOUGH_DATA" : "INVALID_INPUT" };
  const total = sums.reduce((t, s) => t + s.count, 0);
  let ece = 0;
  const bins: ReliabilityBin[] = sums.map((s, i) => {
    const meanPredicted = s.count > 0 ? s.sumScore / s.count : null;
    const observedRate = s.count > 0 ? s.sumLabel / s.count : null;
    if (meanPredicted !== null && observedRate !== null && total > 0) {
      ece += (s.count / total) * Math.abs(observedRate - meanPredicted);
    }
    return { lower: edge(i, k), upper: edge(i + 1, k), count: s.count, meanPredicted, observedRate };
  });
  if (total === 0) return { ece: null, bins, count: 0, status: "NOT_ENOUGH_DATA" };
  return { ece, bins, count: total, status: "ok" };
}

/** ECE with equal-width reliability bins (Naeini et al. 2015; bins as sklearn.calibration.calibration_curve). */
export function calibration(
  labels: readonly (BinaryLabel | number)[],
  probabilities: readonly number[],
  bins: number = DEFAULT_CALIBRATION_BINS,
): CalibrationResult {
  const k = Math.max(1, Math.floor(bins));
  const check = checkBinaryInput(labels, probabilities);
  if (!check.ok) return { ece: null, bins: [], count: 0, status: check.status };
  if (probabilities.some((p) => p < 0 || p > 1))
    return { ece: null, bins: [], count: 0, status: "INVALID_INPUT" };
  const sums: CalibrationBinSums[] = Array.from({ length: k }, () => ({
    count: 0,
    sumScore: 0,
    sumLabel: 0,
  }));
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] ?? 0;
    const s = sums[calibrationBinIndex(p, k)];
    if (s) {
      s.count++;
      s.sumScore += p;
      s.sumLabel += check.y[i] ?? 0;
    }
  }
  return calibrationFromBinSums(sums);
}
