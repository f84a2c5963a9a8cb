/**
 * Relative lift (μ_t − μ_c)/|μ_c|, the number most experiment readouts lead with. Its sampling
 * variance comes from a first-order Taylor expansion of the ratio around the two arm means.
 */
import type { EffectEstimate, MeanEstimate, Outcome } from "./types";

/** Relative lift (μ_t − μ_c)/|μ_c| with delta-method variance var_t/(n_t μ_c²) + var_c μ_t²/(n_c μ_c⁴) (Deng, Knoblich & Lu, KDD 2018; GrowthBook gbstats TTest). */
export function relativeLift(treatment: MeanEstimate, control: MeanEstimate): Outcome<EffectEstimate> {
  if (treatment.n < 1 || control.n < 1) return { status: "NOT_ENOUGH_DATA" };
  const muC = control.mean;
  const muT = treatment.mean;
  if (muC === 0) return { status: "ZERO_CONTROL_MEAN" };
  const muC2 = muC * muC;
  const variance =
    treatment.variance / (treatment.n * muC2) +
    (control.variance * ((muT * muT) / muC2)) / (control.n * muC2);
  // Dividing by |μ_c| keeps "up is up" for a negative control mean (−2 → −1.8 is +10%, as in
  // GrowthBook); the sign flip leaves the delta-method variance unchanged.
  return { status: "ok", estimate: (muT - muC) / Math.abs(muC), variance };
}
