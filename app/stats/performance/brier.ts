/**
 * Brier score, mean (p − y)², for binary labels. From sufficient statistics it expands to
 * (Σp² − 2Σpy + Σy)/n because y² = y for 0/1 labels, so SQL only needs count, sum(p*p),
 * sum(p*y) and sum(y).
 */
import { type BinaryLabel, checkBinaryInput, type PerformanceStatus } from "./types";

export interface BrierSums {
  n: number;
  sumP2: number;
  sumPY: number;
  sumY: number;
}

/** Brier score from sufficient statistics (Brier 1950; equals sklearn.metrics.brier_score_loss). */
export function brierScoreFromSums(s: BrierSums): { brier: number | null; status: PerformanceStatus } {
  if (![s.n, s.sumP2, s.sumPY, s.sumY].every(Number.isFinite))
    return { brier: null, status: "INVALID_INPUT" };
  if (s.n <= 0) return { brier: null, status: "NOT_ENOUGH_DATA" };
  return { brier: Math.max(0, (s.sumP2 - 2 * s.sumPY + s.sumY) / s.n), status: "ok" };
}

/** Brier score of probabilities against binary labels (Brier 1950; sklearn.metrics.brier_score_loss). */
export function brierScore(
  labels: readonly (BinaryLabel | number)[],
  probabilities: readonly number[],
): { brier: number | null; status: PerformanceStatus } {
  const check = checkBinaryInput(labels, probabilities);
  if (!check.ok) return { brier: null, status: check.status };
  // Summing squared differences directly avoids the cancellation of the expanded form.
  let total = 0;
  for (let i = 0; i < probabilities.length; i++) total += ((probabilities[i] ?? 0) - (check.y[i] ?? 0)) ** 2;
  return { brier: total / probabilities.length, status: "ok" };
}
