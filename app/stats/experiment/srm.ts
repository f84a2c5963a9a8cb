/**
 * Sample ratio mismatch: if the observed split of units across variants is implausible under the
 * configured weights, assignment or logging is broken and no metric result can be trusted.
 */
import { chiSquareSurvival } from "#app/stats/distributions";
import type { FailureStatus } from "./types";

/** Threshold below which the split is flagged; strict because the check runs on every experiment, every day. */
export const SRM_P_VALUE_THRESHOLD = 0.001;

export type SrmResult =
  | { status: "ok"; statistic: number; df: number; pValue: number; flagged: boolean }
  | { status: FailureStatus };

/** Pearson χ² goodness-of-fit of observed units per variant against configured weights (default equal), flagged when p < 0.001 (scipy.stats.chisquare; Fabijan et al., KDD 2019 "Diagnosing Sample Ratio Mismatch"). */
export function sampleRatioMismatch(
  observed: readonly number[],
  weights?: readonly number[],
  threshold = SRM_P_VALUE_THRESHOLD,
): SrmResult {
  const k = observed.length;
  if (k < 2) return { status: "NOT_ENOUGH_DATA" };
  const w = weights ?? observed.map(() => 1);
  if (w.length !== k || w.some((x) => !(x > 0) || !Number.isFinite(x))) return { status: "INVALID_INPUT" };
  if (observed.some((x) => !(x >= 0) || !Number.isFinite(x))) return { status: "INVALID_INPUT" };
  const total = observed.reduce((acc, x) => acc + x, 0);
  if (total === 0) return { status: "NOT_ENOUGH_DATA" };
  // Weights are relative shares at any scale: dividing by the largest first keeps their sum
  // finite (two weights of 1e308 are an equal split, not an overflow).
  const largest = Math.max(...w);
  const shares = w.map((x) => x / largest);
  const shareTotal = shares.reduce((acc, x) => acc + x, 0);
  let statistic = 0;
  observed.forEach((o, i) => {
    const expected = (total * (shares[i] ?? 0)) / shareTotal;
    // A share that underflows to 0 expects nothing: no units there is no evidence, any is infinite.
    if (expected === 0) statistic += o === 0 ? 0 : Number.POSITIVE_INFINITY;
    else statistic += ((o - expected) * (o - expected)) / expected;
  });
  const df = k - 1;
  // A share so small that its expected count underflows makes χ² infinite: p is 0, not NaN.
  const pValue =
    statistic === Number.POSITIVE_INFINITY ? 0 : Math.min(1, Math.max(0, chiSquareSurvival(statistic, df)));
  return { status: "ok", statistic, df, pValue, flagged: pValue < threshold };
}
