/**
 * Safe peeking: asymptotic confidence sequences (Waudby-Smith, Arbour, Sinha, Kennedy & Ramdas,
 * "Time-uniform central limit theory and asymptotic confidence sequences", arXiv 2103.06476v7),
 * applied to the same point estimate θ̂ and standard error se as the fixed-horizon test, with
 * n = n_c + n_t and s² = se²·n (so that s²/n is the estimator's variance).
 *
 * All three formulas come from one Gaussian-mixture martingale. With S = n(θ̂ − θ)/s and the mixing
 * distribution λ ~ N(0, ρ²),
 *   M_n(θ) = ∫ exp(λS − λ²n/2) dN(0, ρ²)(λ) = (nρ² + 1)^(−1/2) · exp(ρ²S² / (2(nρ² + 1))).
 * Ville's inequality bounds P(∃n: M_n(θ) ≥ 1/α) ≤ α, so
 *   - the CS is {θ : M_n(θ) < 1/α}, i.e. θ̂ ± s·sqrt(2(nρ² + 1)/(n²ρ²) · ln(sqrt(nρ² + 1)/α))  (eq. 9);
 *   - the e-value against θ = 0 is E = M_n(0) = (nρ² + 1)^(−1/2) · exp(nρ²z² / (2(nρ² + 1))), z = θ̂/se;
 *   - the always-valid p-value is p = min(1, 1/E)  (eq. 155).
 * Hence p < α exactly when the CS excludes 0.
 */

/** Mixing parameter ρ = sqrt((−2 ln α + ln(−2 ln α + 1))/N*) that makes the CS tightest at N* units (Waudby-Smith et al., arXiv 2103.06476v7 eq. 161; GrowthBook's sequential tuning parameter). */
export function sequentialRho(alpha: number, tuning: number): number {
  const minusTwoLogAlpha = -2 * Math.log(alpha);
  return Math.sqrt((minusTwoLogAlpha + Math.log(minusTwoLogAlpha + 1)) / tuning);
}

/** Half-width s·sqrt(2(nρ² + 1)/(n²ρ²) · ln(sqrt(nρ² + 1)/α)) of the two-sided asymptotic confidence sequence, s = sqrt(s²) (Waudby-Smith et al., arXiv 2103.06476v7 eq. 9). */
export function confidenceSequenceHalfWidth(s: number, n: number, rho: number, alpha: number): number {
  const nRho2 = n * rho * rho;
  // (nρ² + 1)/(n²ρ²) written as ((nρ² + 1)/(nρ²))/n so that large n cannot overflow n².
  return s * Math.sqrt(((2 * ((nRho2 + 1) / nRho2)) / n) * Math.log(Math.sqrt(nRho2 + 1) / alpha));
}

/** Natural log of the Gaussian-mixture e-value M_n(0) for H0: θ = 0 (Waudby-Smith et al., arXiv 2103.06476v7, mixture martingale behind eqs. 9 and 155). */
export function logMixtureEValue(estimate: number, standardError: number, n: number, rho: number): number {
  const nRho2 = n * rho * rho;
  const z = estimate / standardError;
  return -0.5 * Math.log1p(nRho2) + (nRho2 * z * z) / (2 * (nRho2 + 1));
}

/** Always-valid p-value min(1, 1/E) from the Gaussian-mixture e-value (Waudby-Smith et al., arXiv 2103.06476v7 eq. 155). */
export function alwaysValidPValue(estimate: number, standardError: number, n: number, rho: number): number {
  // exp(−ln E) rather than 1/E: E overflows to Infinity long before ln E does.
  return Math.exp(Math.min(0, -logMixtureEValue(estimate, standardError, n, rho)));
}

export interface SequentialResult {
  ciLow: number;
  ciHigh: number;
  pValue: number;
  halfWidth: number;
}

/** Asymptotic confidence sequence and always-valid p-value for an estimate with standard error se after n = n_c + n_t units (Waudby-Smith et al., arXiv 2103.06476v7 eqs. 9, 155, 161); requires se > 0 and n ≥ 1. */
export function sequentialTest(
  estimate: number,
  standardError: number,
  n: number,
  alpha = 0.05,
  tuning = 5000,
): SequentialResult {
  const rho = sequentialRho(alpha, tuning);
  // s = sqrt(se²·n), formed without squaring se so that tiny or huge scales survive.
  const s = standardError * Math.sqrt(n);
  const halfWidth = confidenceSequenceHalfWidth(s, n, rho, alpha);
  return {
    ciLow: estimate - halfWidth,
    ciHigh: estimate + halfWidth,
    pValue: alwaysValidPValue(estimate, standardError, n, rho),
    halfWidth,
  };
}
