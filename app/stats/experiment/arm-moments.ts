/**
 * One arm's mean and per-unit variance under each metric type's convention — the only place that
 * knows the conventions, so every test downstream treats proportions, means and ratios alike.
 */
import { ratioMoments } from "./ratio-metric";
import { bernoulliVariance, OPTIONAL_SUMS, sampleVarianceFromSums } from "./sufficient-stats";
import type { ArmSums, MeanEstimate, MetricType, Outcome } from "./types";

/** Whether the sums can describe real data for this metric type (finite, n a count, 0 ≤ Σy ≤ n for proportions). */
export function isValidArm(arm: ArmSums, metricType: MetricType): boolean {
  if (!(Number.isFinite(arm.n) && arm.n >= 0 && Number.isFinite(arm.sum))) return false;
  if (OPTIONAL_SUMS.some((key) => arm[key] !== undefined && !Number.isFinite(arm[key]))) return false;
  if (metricType === "proportion") return arm.sum >= 0 && arm.sum <= arm.n;
  if (metricType === "mean") return arm.sumSquares !== undefined;
  return (
    arm.sumSquares !== undefined &&
    arm.denominatorSum !== undefined &&
    arm.denominatorSumSquares !== undefined &&
    arm.sumProduct !== undefined
  );
}

/** Descriptive arm mean: Σy/n, or Σnum/Σden for ratio metrics; null when undefined (no units, zero denominator). */
export function armMean(arm: ArmSums, metricType: MetricType): number | null {
  if (!isValidArm(arm, metricType) || arm.n === 0) return null;
  if (metricType === "ratio") {
    const denominator = arm.denominatorSum ?? 0;
    return denominator === 0 ? null : arm.sum / denominator;
  }
  return arm.sum / arm.n;
}

/** Mean and per-unit variance of an arm: p(1 − p) for proportions, the n − 1 sample variance for means, the delta method for ratios (see docs/statistics.md §1–2). */
export function armMoments(arm: ArmSums, metricType: MetricType): Outcome<MeanEstimate> {
  if (!isValidArm(arm, metricType)) return { status: "INVALID_INPUT" };
  const { n } = arm;
  if (n < 2) return { status: "NOT_ENOUGH_DATA" };
  switch (metricType) {
    case "proportion": {
      const p = arm.sum / n;
      return { status: "ok", mean: p, variance: bernoulliVariance(p), n };
    }
    case "mean":
      return {
        status: "ok",
        mean: arm.sum / n,
        variance: sampleVarianceFromSums(n, arm.sum, arm.sumSquares ?? 0) ?? 0,
        n,
      };
    case "ratio":
      return ratioMoments({
        n,
        sum: arm.sum,
        sumSquares: arm.sumSquares ?? 0,
        denominatorSum: arm.denominatorSum ?? 0,
        denominatorSumSquares: arm.denominatorSumSquares ?? 0,
        sumProduct: arm.sumProduct ?? 0,
      });
  }
}
