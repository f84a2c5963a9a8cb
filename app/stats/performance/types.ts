/**
 * Shared shapes for model-performance metrics. Numbers are always finite or null; a metric that
 * cannot be computed says why with a status code instead of NaN/Infinity.
 */

export type PerformanceStatus =
  | "ok"
  /** No rows (or no evaluable queries). */
  | "NOT_ENOUGH_DATA"
  /** Binary metric needs at least one positive label. */
  | "NO_POSITIVES"
  /** Binary metric needs at least one negative label. */
  | "NO_NEGATIVES"
  /** Precision (and F1) need at least one predicted positive. */
  | "NO_PREDICTED_POSITIVES"
  /** R² needs variance in the target. */
  | "ZERO_VARIANCE"
  /** Lengths differ, labels are not 0/1, or a value is not finite. */
  | "INVALID_INPUT";

/** A binary label: 1/true is the positive class, 0/false the negative one. */
export type BinaryLabel = 0 | 1 | boolean;

/** Convert labels to 0/1, or null if any label is not binary. */
export function toBinary(labels: readonly (BinaryLabel | number)[]): number[] | null {
  const out: number[] = [];
  for (const l of labels) {
    if (l === 1 || l === true) out.push(1);
    else if (l === 0 || l === false) out.push(0);
    else return null;
  }
  return out;
}

/** Check paired label/score arrays: same length, binary labels, finite scores. */
export function checkBinaryInput(
  labels: readonly (BinaryLabel | number)[],
  scores: readonly number[],
): { ok: true; y: number[] } | { ok: false; status: PerformanceStatus } {
  if (labels.length !== scores.length) return { ok: false, status: "INVALID_INPUT" };
  const y = toBinary(labels);
  if (y === null || !scores.every(Number.isFinite)) return { ok: false, status: "INVALID_INPUT" };
  if (y.length === 0) return { ok: false, status: "NOT_ENOUGH_DATA" };
  return { ok: true, y };
}
