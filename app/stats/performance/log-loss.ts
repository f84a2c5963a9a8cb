/**
 * Binary log loss (cross-entropy), −mean(y·ln p + (1−y)·ln(1−p)), with predicted probabilities
 * clipped to [ε, 1−ε], ε = 1e-15 (sklearn's long-standing default; sklearn ≥ 1.2 defaults to
 * float64 machine epsilon instead, pass `eps` to match it), so a confident miss costs ~34.5
 * rather than Infinity.
 */
import { type BinaryLabel, checkBinaryInput, type PerformanceStatus } from "./types";

export const DEFAULT_LOG_LOSS_EPS = 1e-15;

/** Mean binary log loss (Good 1952; sklearn.metrics.log_loss(y, p, eps=1e-15)). */
export function logLoss(
  labels: readonly (BinaryLabel | number)[],
  probabilities: readonly number[],
  eps: number = DEFAULT_LOG_LOSS_EPS,
): { logLoss: number | null; status: PerformanceStatus } {
  const check = checkBinaryInput(labels, probabilities);
  if (!check.ok) return { logLoss: null, status: check.status };
  let total = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i] ?? 0));
    // sklearn renormalises the row [1−p, p]; (1−p)+p can differ from 1 by an ulp.
    const rowSum = 1 - p + p;
    total -= check.y[i] === 1 ? Math.log(p / rowSum) : Math.log((1 - p) / rowSum);
  }
  return { logLoss: total / probabilities.length, status: "ok" };
}
