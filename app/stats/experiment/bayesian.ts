/**
 * Bayesian readout on a Gaussian model of the effect: the likelihood of the effect δ is
 * N(estimate, se²) (se from the delta method), the prior is flat or N(μ₀, σ₀²), so the posterior is
 * normal and every summary below has a closed form.
 */
import { phi, phiDensity, phiInverse } from "#app/stats/distributions";

export interface NormalPrior {
  mean: number;
  variance: number;
}

/** Posterior N(mean, sd²) of the effect under a flat prior, or the conjugate normal update with a N(μ₀, σ₀²) prior (Gelman et al., Bayesian Data Analysis 3rd ed., §2.5). */
export function normalPosterior(
  estimate: number,
  standardError: number,
  prior?: NormalPrior,
): { mean: number; sd: number } {
  if (!prior) return { mean: estimate, sd: standardError };
  const dataPrecision = 1 / (standardError * standardError);
  const priorPrecision = 1 / prior.variance;
  const precision = dataPrecision + priorPrecision;
  return {
    mean: (estimate * dataPrecision + prior.mean * priorPrecision) / precision,
    sd: Math.sqrt(1 / precision),
  };
}

/** Expected positive part E[max(X, 0)] = μΦ(μ/σ) + σφ(μ/σ) of X ~ N(μ, σ²) (the normal partial expectation; scipy.stats.norm.expect). */
export function expectedPositivePart(mean: number, sd: number): number {
  const z = mean / sd;
  // Both terms nearly cancel for very negative z; the true value is positive, so clamp the noise.
  return Math.max(0, mean * phi(z) + sd * phiDensity(z));
}

export interface BayesianResult {
  posteriorMean: number;
  posteriorSd: number;
  ciLow: number;
  ciHigh: number;
  /** P(the variant is better than control). */
  chanceToWin: number;
  /** Expected loss, in the effect's units, of shipping each arm. */
  risk: { control: number; variant: number };
}

/** Chance to win P(δ > 0), the (1 − α) equal-tailed credible interval and the expected loss of shipping each arm (Gaussian model as in GrowthBook's gbstats, Stucchio 2015 "Bayesian A/B testing at VWO"); requires se > 0. */
export function bayesianNormalTest(
  estimate: number,
  standardError: number,
  options: { alpha?: number; prior?: NormalPrior; higherIsBetter?: boolean } = {},
): BayesianResult {
  const { alpha = 0.05, prior, higherIsBetter = true } = options;
  const { mean, sd } = normalPosterior(estimate, standardError, prior);
  const z = phiInverse(1 - alpha / 2);
  // "Better" means a larger effect unless the metric is lower-is-better; flipping the sign of δ
  // covers that case with the same formulas.
  const signed = higherIsBetter ? mean : -mean;
  const gainForgone = expectedPositivePart(signed, sd);
  const lossIncurred = expectedPositivePart(-signed, sd);
  return {
    posteriorMean: mean,
    posteriorSd: sd,
    ciLow: mean - z * sd,
    ciHigh: mean + z * sd,
    chanceToWin: phi(signed / sd),
    risk: { control: gainForgone, variant: lossIncurred },
  };
}
