/**
 * Accuracy, precision, recall and F1 at a decision threshold: a row is predicted positive when
 * score ≥ threshold (0.5 by default). Undefined ratios are null with a reason instead of
 * sklearn's zero_division fallback of 0.
 */
import { type BinaryLabel, checkBinaryInput, type PerformanceStatus } from "./types";

export const DEFAULT_DECISION_THRESHOLD = 0.5;

export interface ConfusionCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface ThresholdMetrics {
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  confusion: ConfusionCounts;
  status: PerformanceStatus;
  /** Why a metric is null when the overall status is ok. */
  reasons: Partial<Record<"precision" | "recall" | "f1", PerformanceStatus>>;
}

/**
 * Metrics from a confusion matrix (van Rijsbergen 1979 for F1; sklearn.metrics accuracy_score,
 * precision_score, recall_score, f1_score). SQL: count(*) filter (where …) per cell.
 */
export function metricsFromConfusion(c: ConfusionCounts): ThresholdMetrics {
  const { tp, fp, tn, fn } = c;
  const confusion = { tp, fp, tn, fn };
  if (![tp, fp, tn, fn].every((x) => Number.isFinite(x) && x >= 0)) {
    return {
      accuracy: null,
      precision: null,
      recall: null,
      f1: null,
      confusion,
      status: "INVALID_INPUT",
      reasons: {},
    };
  }
  const n = tp + fp + tn + fn;
  if (n === 0) {
    return {
      accuracy: null,
      precision: null,
      recall: null,
      f1: null,
      confusion,
      status: "NOT_ENOUGH_DATA",
      reasons: {},
    };
  }
  const reasons: ThresholdMetrics["reasons"] = {};
  const precision = tp + fp > 0 ? tp / (tp + fp) : null;
  if (precision === null) reasons.precision = "NO_PREDICTED_POSITIVES";
  const recall = tp + fn > 0 ? tp / (tp + fn) : null;
  if (recall === null) reasons.recall = "NO_POSITIVES";
  // 2TP/(2TP+FP+FN) equals the harmonic mean where both exist and is defined whenever anything is positive.
  const f1 = 2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : null;
  if (f1 === null) reasons.f1 = "NO_POSITIVES";
  return { accuracy: (tp + tn) / n, precision, recall, f1, confusion, status: "ok", reasons };
}

/** Confusion counts at score ≥ threshold, then {@link metricsFromConfusion}. */
export function thresholdMetrics(
  labels: readonly (BinaryLabel | number)[],
  scores: readonly number[],
  threshold: number = DEFAULT_DECISION_THRESHOLD,
): ThresholdMetrics {
  const check = checkBinaryInput(labels, scores);
  if (!check.ok) {
    return {
      accuracy: null,
      precision: null,
      recall: null,
      f1: null,
      confusion: { tp: 0, fp: 0, tn: 0, fn: 0 },
      status: check.status,
      reasons: {},
    };
  }
  const c: ConfusionCounts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const predicted = (scores[i] ?? 0) >= threshold;
    const actual = check.y[i] === 1;
    if (predicted && actual) c.tp++;
    else if (predicted) c.fp++;
    else if (actual) c.fn++;
    else c.tn++;
  }
  return metricsFromConfusion(c);
}
