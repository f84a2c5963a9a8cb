import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { phiInverse } from "#app/stats/distributions";
import { alwaysValidPValue, confidenceSequenceHalfWidth, sequentialRho, sequentialTest } from "./sequential";
import { expectClose } from "#app/stats/expect-close";

// Reference values: scripts/reference/experiment_sequential.py (numpy transcription of
// arXiv 2103.06476v7 eqs. 9, 155, 161; the closed-form e-value is checked there against numerical
// integration of the Gaussian mixture with scipy.integrate.quad).
const REF = [
  {
    name: "proportionAbs",
    estimate: 0.026833333333333334,
    se: 0.008850378496823571,
    n: 4900,
    alpha: 0.05,
    tuning: 5000,
    rho: 0.03984006677137368,
    halfWidth: 0.02686393428682511,
    pValue: 0.05046686566942399,
  },
  {
    name: "ratioRel",
    estimate: 0.09034536013586458,
    se: 0.04096609185457629,
    n: 2500,
    alpha: 0.05,
    tuning: 5000,
    rho: 0.03984006677137368,
    halfWidth: 0.12632175919271155,
    pValue: 0.3195569336538671,
  },
  {
    name: "strong",
    estimate: 0.05,
    se: 0.01,
    n: 20000,
    alpha: 0.05,
    tuning: 5000,
    rho: 0.03984006677137368,
    halfWidth: 0.0312711414368799,
    pValue: 3.12375841183968e-5,
  },
  {
    name: "tuned",
    estimate: 0.05,
    se: 0.01,
    n: 20000,
    alpha: 0.01,
    tuning: 50000,
    rho: 0.015187982973861423,
    halfWidth: 0.03647717811524612,
    pValue: 8.184879391233041e-5,
  },
  {
    name: "null",
    estimate: 0.001,
    se: 0.01,
    n: 800,
    alpha: 0.05,
    tuning: 5000,
    rho: 0.03984006677137368,
    halfWidth: 0.03489293426681844,
    pValue: 1,
  },
];

describe("asymptotic confidence sequences (Waudby-Smith et al.)", () => {
  for (const ref of REF) {
    it(`${ref.name}: ρ, half-width and always-valid p-value match the numpy transcription`, () => {
      const rho = sequentialRho(ref.alpha, ref.tuning);
      expectClose(rho, ref.rho, 1e-12);
      expectClose(
        confidenceSequenceHalfWidth(ref.se * Math.sqrt(ref.n), ref.n, rho, ref.alpha),
        ref.halfWidth,
        1e-10,
      );
      const result = sequentialTest(ref.estimate, ref.se, ref.n, ref.alpha, ref.tuning);
      expectClose(result.halfWidth, ref.halfWidth, 1e-10);
      expectClose(result.ciLow, ref.estimate - ref.halfWidth, 1e-10);
      expectClose(result.ciHigh, ref.estimate + ref.halfWidth, 1e-10);
      expectClose(result.pValue, ref.pValue, 1e-9);
      // Safe peeking costs width: the sequence is wider than the fixed-horizon normal interval here.
      expect(result.halfWidth).toBeGreaterThan(phiInverse(1 - ref.alpha / 2) * ref.se);
    });
  }

  it("p < α exactly when the confidence sequence excludes 0", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: 1e-6, max: 10, noNaN: true }),
        fc.integer({ min: 2, max: 10_000_000 }),
        fc.constantFrom(0.01, 0.05, 0.1),
        fc.double({ min: 10, max: 1e6, noNaN: true }),
        (estimate, se, n, alpha, tuning) => {
          const r = sequentialTest(estimate, se, n, alpha, tuning);
          expect(r.pValue).toBeGreaterThanOrEqual(0);
          expect(r.pValue).toBeLessThanOrEqual(1);
          expect(r.ciLow > 0 || r.ciHigh < 0).toBe(r.pValue < alpha);
        },
      ),
    );
  });

  it("does not overflow for overwhelming evidence", () => {
    const rho = sequentialRho(0.05, 5000);
    expect(alwaysValidPValue(1e6, 1, 1e9, rho)).toBe(0);
    expect(alwaysValidPValue(0, 1, 1e9, rho)).toBe(1);
  });
});
