/**
 * Area under the ROC curve for binary classification. Tied scores are handled as in
 * sklearn.metrics.roc_auc_score: a tie between a positive and a negative counts ½ (the ROC curve
 * moves diagonally across a group of tied scores, and the trapezoid under that step is exactly
 * the Mann–Whitney U with mid-ranks).
 */
import { type BinaryLabel, checkBinaryInput, type PerformanceStatus } from "./types";

export interface AucResult {
  auc: number | null;
  positives: number;
  negatives: number;
  status: PerformanceStatus;
}

/**
 * ROC AUC from score-binned label counts, bins in ascending score order
 * (Hanley & McNeil 1982; pairs within a bin count ½, like sklearn's handling of tied scores).
 * SQL can produce the counts with `group by width_bucket(score, …)` or `group by score`.
 */
export function rocAucFromCounts(
  positiveCounts: readonly number[],
  negativeCounts: readonly number[],
): AucResult {
  if (positiveCounts.length !== negativeCounts.length)
    return { auc: null, positives: 0, negatives: 0, status: "INVALID_INPUT" };
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < positiveCounts.length; i++) {
    const p = positiveCounts[i] ?? 0;
    const n = negativeCounts[i] ?? 0;
    if (!(p >= 0 && n >= 0 && Number.isFinite(p) && Number.isFinite(n))) {
      return { auc: null, positives: 0, negatives: 0, status: "INVALID_INPUT" };
    }
    positives += p;
    negatives += n;
  }
  const base = { positives, negatives };
  if (positives === 0 && negatives === 0) return { ...base, auc: null, status: "NOT_ENOUGH_DATA" };
  if (positives === 0) return { ...base, auc: null, status: "NO_POSITIVES" };
  if (negatives === 0) return { ...base, auc: null, status: "NO_NEGATIVES" };
  // Σ over bins of positives × (negatives scored strictly lower + ½ negatives in the same bin).
  let below = 0;
  let pairs = 0;
  for (let i = 0; i < positiveCounts.length; i++) {
    const n = negativeCounts[i] ?? 0;
    pairs += (positiveCounts[i] ?? 0) * (below + n / 2);
    below += n;
  }
  return { ...base, auc: pairs / positives / negatives, status: "ok" };
}

/** ROC AUC of scores against binary labels (Hanley & McNeil 1982; sklearn.metrics.roc_auc_score). */
export function rocAuc(labels: readonly (BinaryLabel | number)[], scores: readonly number[]): AucResult {
  const check = checkBinaryInput(labels, scores);
  if (!check.ok) return { auc: null, positives: 0, negatives: 0, status: check.status };
  const order = scores.map((s, i) => [s, check.y[i] ?? 0] as const).sort((a, b) => a[0] - b[0]);
  const pos: number[] = [];
  const neg: number[] = [];
  let last = Number.NaN;
  for (const [s, y] of order) {
    if (s !== last) {
      pos.push(0);
      neg.push(0);
      last = s;
    }
    const i = pos.length - 1;
    if (y === 1) pos[i] = (pos[i] ?? 0) + 1;
    else neg[i] = (neg[i] ?? 0) + 1;
  }
  return rocAucFromCounts(pos, neg);
}
