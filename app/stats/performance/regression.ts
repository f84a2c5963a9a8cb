/**
 * Regression error metrics from sufficient statistics, so SQL can aggregate millions of rows:
 * RMSE = √(Σe²/n), MAE = Σ|e|/n, MAPE = Σ(|e|/max(|y|, ε))/n with ε = float64 machine epsilon
 * (sklearn's definition; a fraction, not a percentage), R² = 1 − Σe²/Σ(y−ȳ)², with e = y − ŷ.
 *
 * Σ(y−ȳ)² is best supplied directly (SQL: `count(*) * var_pop(y)`, which Postgres computes
 * stably); otherwise it is derived as Σy² − (Σy)²/n, which loses precision when |ȳ| ≫ σ_y.
 * R² is null with ZERO_VARIANCE for a constant target (sklearn's force_finite would report
 * 1.0 or 0.0 there).
 */
import type { PerformanceStatus } from "./types";

/** sklearn's MAPE floor on |y| (np.finfo(np.float64).eps). */
export const MAPE_EPSILON = Number.EPSILON;

export interface RegressionSums {
  n: number;
  sumY: number;
  sumY2: number;
  /** Σ(y − ŷ)² */
  sumSquaredError: number;
  /** Σ|y − ŷ| */
  sumAbsoluteError: number;
  /** Σ |y − ŷ| / max(|y|, ε) */
  sumAbsolutePercentageError: number;
  /** Σ(y − ȳ)², if available (preferred over the Σy² − (Σy)²/n expansion). */
  sumSquaredDeviation?: number;
}

export interface RegressionMetrics {
  n: number;
  rmse: number | null;
  mae: number | null;
  mape: number | null;
  r2: number | null;
  status: PerformanceStatus;
  reasons: Partial<Record<"r2", PerformanceStatus>>;
}

/**
 * RMSE, MAE, MAPE and R² from sufficient statistics (sklearn.metrics mean_squared_error,
 * mean_absolute_error, mean_absolute_percentage_error, r2_score; Hastie et al. 2009 §3.2).
 */
export function regressionMetricsFromSums(s: RegressionSums): RegressionMetrics {
  const empty = { n: s.n, rmse: null, mae: null, mape: null, r2: null, reasons: {} };
  const fields = [s.n, s.sumY, s.sumY2, s.sumSquaredError, s.sumAbsoluteError, s.sumAbsolutePercentageError];
  if (
    !fields.every(Number.isFinite) ||
    (s.sumSquaredDeviation !== undefined && !Number.isFinite(s.sumSquaredDeviation))
  ) {
    return { ...empty, status: "INVALID_INPUT" };
  }
  if (s.n <= 0) return { ...empty, status: "NOT_ENOUGH_DATA" };
  const reasons: RegressionMetrics["reasons"] = {};
  const sst = Math.max(0, s.sumSquaredDeviation ?? s.sumY2 - (s.sumY * s.sumY) / s.n);
  // A variance that underflows (|y| < ~1e-154) is as unusable as an exact zero.
  const r2Value = sst > 0 ? 1 - s.sumSquaredError / sst : Number.NaN;
  const r2 = Number.isFinite(r2Value) ? r2Value : null;
  if (r2 === null) reasons.r2 = "ZERO_VARIANCE";
  return {
    n: s.n,
    rmse: Math.sqrt(Math.max(0, s.sumSquaredError) / s.n),
    mae: s.sumAbsoluteError / s.n,
    mape: s.sumAbsolutePercentageError / s.n,
    r2,
    status: "ok",
    reasons,
  };
}

/** Sufficient statistics of (y, ŷ) pairs; Σ(y−ȳ)² by two passes for accuracy. */
export function regressionSums(
  actual: readonly number[],
  predicted: readonly number[],
): RegressionSums | null {
  if (actual.length !== predicted.length) return null;
  const n = actual.length;
  let sumY = 0;
  let sumY2 = 0;
  let sse = 0;
  let sae = 0;
  let sape = 0;
  for (let i = 0; i < n; i++) {
    const y = actual[i] ?? 0;
    const e = y - (predicted[i] ?? 0);
    sumY += y;
    sumY2 += y * y;
    sse += e * e;
    sae += Math.abs(e);
    sape += Math.abs(e) / Math.max(Math.abs(y), MAPE_EPSILON);
  }
  const mean = n > 0 ? sumY / n : 0;
  let ssd = 0;
  for (const y of actual) ssd += (y - mean) ** 2;
  return {
    n,
    sumY,
    sumY2,
    sumSquaredError: sse,
    sumAbsoluteError: sae,
    sumAbsolutePercentageError: sape,
    sumSquaredDeviation: ssd,
  };
}

/** RMSE, MAE, MAPE and R² of predictions (sklearn.metrics regression metrics; see above). */
export function regressionMetrics(
  actual: readonly number[],
  predicted: readonly number[],
): RegressionMetrics {
  const invalid = { n: actual.length, rmse: null, mae: null, mape: null, r2: null, reasons: {} };
  if (![...actual, ...predicted].every(Number.isFinite)) return { ...invalid, status: "INVALID_INPUT" };
  const sums = regressionSums(actual, predicted);
  if (sums === null) return { ...invalid, status: "INVALID_INPUT" };
  return regressionMetricsFromSums(sums);
}
