/**
 * Sample-size planning for a two-arm, equal-allocation, two-sided test under the normal
 * approximation. Convention (documented in docs/statistics.md): the standardized effect is
 * d = Δ/σ with σ² = (p₁q₁ + p₂q₂)/2 for proportions (unpooled, each arm at its H1 rate) and σ² = sd²
 * for means, and power counts both rejection tails, Φ(a − z) + Φ(−a − z) with a = |d|·sqrt(n/2),
 * z = Φ⁻¹(1 − α/2). That is exactly statsmodels NormalIndPower(ratio=1) with this effect size.
 */
import { phi, phiInverse } from "#app/stats/distributions";
import type { Outcome } from "./types";

/** Standardized shift a with Φ(a − z) + Φ(−a − z) = power, z = Φ⁻¹(1 − α/2) (statsmodels normal_power, two-sided); null unless α < power < 1. */
export function standardizedShiftForPower(alpha: number, power: number): number | null {
  if (!(alpha > 0 && alpha < 1 && power > alpha && power < 1)) return null;
  const z = phiInverse(1 - alpha / 2);
  const powerAt = (a: number) => phi(a - z) + phi(-a - z);
  // The far tail only adds power, so the one-tail closed form z + z_power is an upper bracket,
  // and power rises monotonically from α at a = 0.
  let lo = 0;
  let hi = z + phiInverse(power);
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (powerAt(mid) < power) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export type PowerBaseline =
  | { metricType: "proportion"; baselineRate: number }
  | { metricType: "mean"; mean: number; standardDeviation: number };

export interface PowerOptions {
  alpha?: number;
  power?: number;
}

function validBaseline(baseline: PowerBaseline): boolean {
  if (baseline.metricType === "proportion") return baseline.baselineRate > 0 && baseline.baselineRate < 1;
  return (
    Number.isFinite(baseline.mean) &&
    baseline.standardDeviation > 0 &&
    Number.isFinite(baseline.standardDeviation)
  );
}

/** Units per variant needed to detect a relative change `relativeMde` of the baseline (two-sided, equal allocation; statsmodels NormalIndPower.solve_power, ratio=1). */
export function requiredSampleSize(
  baseline: PowerBaseline,
  relativeMde: number,
  options: PowerOptions = {},
): Outcome<{ nPerVariant: number; exactNPerVariant: number; effectSize: number }> {
  const { alpha = 0.05, power = 0.8 } = options;
  const a = standardizedShiftForPower(alpha, power);
  if (a === null || !validBaseline(baseline) || !(relativeMde !== 0 && Number.isFinite(relativeMde))) {
    return { status: "INVALID_INPUT" };
  }
  let effectSize: number;
  if (baseline.metricType === "proportion") {
    const p1 = baseline.baselineRate;
    const p2 = p1 * (1 + relativeMde);
    if (!(p2 >= 0 && p2 <= 1)) return { status: "INVALID_INPUT" };
    effectSize = (p2 - p1) / Math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / 2);
  } else {
    if (baseline.mean === 0) return { status: "ZERO_CONTROL_MEAN" };
    effectSize = (baseline.mean * relativeMde) / baseline.standardDeviation;
  }
  const exactNPerVariant = (2 * a * a) / (effectSize * effectSize);
  // Shave float noise so that an exact integer answer is not rounded up to the next unit.
  const nPerVariant = Math.max(1, Math.ceil(exactNPerVariant * (1 - 1e-12)));
  return { status: "ok", nPerVariant, exactNPerVariant, effectSize: Math.abs(effectSize) };
}

/** Smallest relative increase over the baseline detectable with n units per variant — the inverse of requiredSampleSize (statsmodels NormalIndPower.solve_power for effect_size). */
export function minimumDetectableEffect(
  baseline: PowerBaseline,
  nPerVariant: number,
  options: PowerOptions = {},
): Outcome<{ relativeMde: number; absoluteMde: number; effectSize: number }> {
  const { alpha = 0.05, power = 0.8 } = options;
  const a = standardizedShiftForPower(alpha, power);
  if (a === null || !validBaseline(baseline) || !(nPerVariant > 0 && Number.isFinite(nPerVariant))) {
    return { status: "INVALID_INPUT" };
  }
  const effectSize = a * Math.sqrt(2 / nPerVariant);
  if (baseline.metricType === "mean") {
    if (baseline.mean === 0) return { status: "ZERO_CONTROL_MEAN" };
    const absoluteMde = effectSize * baseline.standardDeviation;
    return { status: "ok", relativeMde: absoluteMde / Math.abs(baseline.mean), absoluteMde, effectSize };
  }
  // Δ² = c·(p₁q₁ + p₂q₂) with p₂ = p₁ + Δ and c = a²/n is a quadratic in Δ; its positive root is the
  // upward MDE: (1 + c)Δ² − c(1 − 2p₁)Δ − 2c·p₁q₁ = 0.
  const p1 = baseline.baselineRate;
  const c = (a * a) / nPerVariant;
  const b = c * (1 - 2 * p1);
  const absoluteMde = (b + Math.sqrt(b * b + 8 * c * (1 + c) * p1 * (1 - p1))) / (2 * (1 + c));
  // Beyond p₂ = 1 no increase is detectable: there is not enough data for any upward effect.
  if (p1 + absoluteMde > 1) return { status: "NOT_ENOUGH_DATA" };
  return { status: "ok", relativeMde: absoluteMde / p1, absoluteMde, effectSize };
}
