/**
 * Ratio metrics (clicks / impressions, revenue / orders …) analysed per unit: the arm's value is
 * Σnum/Σden, whose numerator and denominator are correlated sums over the same units.
 */
import { centeredCrossProduct, centeredSumOfSquares } from "./sufficient-stats";
import type { MeanEstimate, Outcome } from "./types";

export interface RatioSums {
  n: number;
  sum: number;
  sumSquares: number;
  denominatorSum: number;
  denominatorSumSquares: number;
  sumProduct: number;
}

/** Ratio-of-sums mean Σnum/Σden with its delta-method per-unit variance (var_num − 2r·cov + r²·var_den)/mean_den² (Deng, Knoblich & Lu, KDD 2018, "Applying the Delta Method in Metric Analytics"). */
export function ratioMoments(arm: RatioSums): Outcome<MeanEstimate> {
  const { n } = arm;
  if (n < 2) return { status: "NOT_ENOUGH_DATA" };
  if (arm.denominatorSum === 0) return { status: "ZERO_DENOMINATOR" };
  const ratio = arm.sum / arm.denominatorSum;
  const meanDenominator = arm.denominatorSum / n;
  // The common 1/(n − 1) is applied once at the end; the bracket is the centered sum of squares
  // of the per-unit linearisation num − r·den.
  const numeratorSS = centeredSumOfSquares(n, arm.sum, arm.sumSquares);
  const denominatorSS = centeredSumOfSquares(n, arm.denominatorSum, arm.denominatorSumSquares);
  const crossProduct = centeredCrossProduct(n, arm.sum, arm.denominatorSum, arm.sumProduct);
  const linearisedSS = numeratorSS - 2 * ratio * crossProduct + ratio * ratio * denominatorSS;
  // When num = r·den for every unit the bracket is pure rounding noise of the raw second moments.
  const scale = Math.abs(arm.sumSquares) + ratio * ratio * Math.abs(arm.denominatorSumSquares);
  const residualSS = linearisedSS <= 1e-12 * scale ? 0 : linearisedSS;
  const variance = residualSS / (n - 1) / (meanDenominator * meanDenominator);
  return { status: "ok", mean: ratio, variance, n };
}
