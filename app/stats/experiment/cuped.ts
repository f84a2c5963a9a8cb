/**
 * CUPED / regression adjustment: subtract θ·(x̄_t − x̄_c), where x is the same metric measured
 * before assignment. Randomisation makes E[x̄_t − x̄_c] = 0, so the estimate stays unbiased while the
 * part of the outcome's variance explained by x drops out.
 */
import { centeredCrossProduct, centeredSumOfSquares } from "./sufficient-stats";
import type { EffectEstimate, Outcome } from "./types";

/** The sums CUPED needs for one arm, with proportion defaults (Σy² = Σy) already resolved. */
export interface CupedSums {
  n: number;
  sum: number;
  sumSquares: number;
  covariateSum: number;
  covariateSumSquares: number;
  covariateSumProduct: number;
}

/** Per-arm moments of outcome y and covariate x. Variances are per unit: var(ȳ) = variance/n. */
export interface CupedArmMoments {
  n: number;
  mean: number;
  variance: number;
  covariateMean: number;
  covariateVariance: number;
  covariance: number;
}

/** Per-arm CUPED moments ȳ, x̄, var_y, var_x, cov(y, x) (Deng, Xu, Kohavi & Walker, WSDM 2013); null when n < 2. */
export function cupedArmMoments(arm: CupedSums, metricType: "proportion" | "mean"): CupedArmMoments | null {
  const { n } = arm;
  if (n < 2) return null;
  // Proportions divide by n (p(1 − p) for 0/1 data, and the covariance to match); means by n − 1.
  // One divisor for all three moments keeps var_y + θ²var_x − 2θ·cov a variance (≥ 0).
  const divisor = metricType === "proportion" ? n : n - 1;
  return {
    n,
    mean: arm.sum / n,
    variance: centeredSumOfSquares(n, arm.sum, arm.sumSquares) / divisor,
    covariateMean: arm.covariateSum / n,
    covariateVariance: centeredSumOfSquares(n, arm.covariateSum, arm.covariateSumSquares) / divisor,
    covariance: centeredCrossProduct(n, arm.sum, arm.covariateSum, arm.covariateSumProduct) / divisor,
  };
}

/** CUPED coefficient θ = cov(y, x)/var(x) over the units of all given arms pooled as one sample, i.e. the OLS slope of y on x (Deng et al. 2013; GrowthBook compute_theta); 0 when x is constant. */
export function pooledCupedTheta(arms: readonly CupedSums[]): number {
  let n = 0;
  let sumY = 0;
  let sumX = 0;
  let sumXX = 0;
  let sumXY = 0;
  for (const arm of arms) {
    n += arm.n;
    sumY += arm.sum;
    sumX += arm.covariateSum;
    sumXX += arm.covariateSumSquares;
    sumXY += arm.covariateSumProduct;
  }
  if (n < 2) return 0;
  const centeredXX = centeredSumOfSquares(n, sumX, sumXX);
  // A constant covariate explains nothing: the regression slope is conventionally 0, so CUPED
  // degrades to the unadjusted analysis instead of failing.
  if (!(centeredXX > 0)) return 0;
  return centeredCrossProduct(n, sumX, sumY, sumXY) / centeredXX;
}

/** Per-unit variance var_y + θ²var_x − 2θ·cov of the adjusted outcome y − θx in one arm (Deng et al. 2013). */
export function adjustedArmVariance(arm: CupedArmMoments, theta: number): number {
  return Math.max(0, arm.variance + theta * theta * arm.covariateVariance - 2 * theta * arm.covariance);
}

/** CUPED-adjusted absolute difference ȳ_t − ȳ_c − θ(x̄_t − x̄_c) with variance Σ_arms (var_y + θ²var_x − 2θ·cov)/n (Deng et al. 2013). */
export function cupedAbsoluteDifference(
  treatment: CupedArmMoments,
  control: CupedArmMoments,
  theta: number,
): EffectEstimate {
  return {
    estimate: treatment.mean - control.mean - theta * (treatment.covariateMean - control.covariateMean),
    variance:
      adjustedArmVariance(treatment, theta) / treatment.n + adjustedArmVariance(control, theta) / control.n,
  };
}

/** CUPED-adjusted relative lift (ȳ_t − ȳ_c − θ(x̄_t − x̄_c))/|ȳ_c| with delta-method variance (Deng et al. 2013; GrowthBook gbstats), formula in docs/statistics.md §4. */
export function cupedRelativeLift(
  treatment: CupedArmMoments,
  control: CupedArmMoments,
  theta: number,
): Outcome<EffectEstimate> {
  const muC = control.mean;
  if (muC === 0) return { status: "ZERO_CONTROL_MEAN" };
  const muC2 = muC * muC;
  // The sign of ȳ_c (|ȳ_c| in the estimate) squares away. ∂L/∂ȳ_c is taken as −ȳ_t/ȳ_c², as
  // GrowthBook does: the θ(x̄_t − x̄_c) part of the exact
  // derivative has mean zero under randomisation. That gives
  // (var_yt + θ²var_xt − 2θ·cov_t)/(n_t ȳ_c²) + (var_yc·ȳ_t²/ȳ_c² − 2θ·cov_c·ȳ_t/ȳ_c + θ²var_xc)/(n_c ȳ_c²).
  const k = treatment.mean / muC;
  // The control bracket is the variance of k·y − θ·x, hence a non-negative quadratic form.
  const controlBracket = Math.max(
    0,
    control.variance * k * k - 2 * theta * control.covariance * k + theta * theta * control.covariateVariance,
  );
  const absolute = cupedAbsoluteDifference(treatment, control, theta);
  return {
    status: "ok",
    estimate: absolute.estimate / Math.abs(muC),
    variance:
      adjustedArmVariance(treatment, theta) / (treatment.n * muC2) + controlBracket / (control.n * muC2),
  };
}
