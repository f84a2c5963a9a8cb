import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bayesianNormalTest, expectedPositivePart, normalPosterior } from "./bayesian";
import { expectClose } from "#app/stats/expect-close";

// Reference values: scripts/reference/experiment_bayesian.py (conjugate update by hand;
// scipy.stats.norm cdf/ppf; risk by numerical integration over the half-line with scipy.integrate.quad).
const REF = [
  {
    name: "flat prior",
    estimate: 0.09034536013586458,
    se: 0.04096609185457629,
    prior: undefined,
    alpha: 0.05,
    higherIsBetter: true,
    posteriorMean: 0.09034536013586458,
    posteriorSd: 0.04096609185457629,
    ci: [0.01005329551353537, 0.17063742475819377],
    chanceToWin: 0.9862859037347889,
    risk: { control: 0.09054252445788422, variant: 0.00019716432201960396 },
  },
  {
    name: "proper prior N(0, 0.05²)",
    estimate: 0.09034536013586458,
    se: 0.04096609185457629,
    prior: { mean: 0, variance: 0.0025000000000000005 },
    alpha: 0.05,
    higherIsBetter: true,
    posteriorMean: 0.054057317106650946,
    posteriorSd: 0.03168829347512094,
    ci: [-0.008050596836121707, 0.11616523104942358],
    chanceToWin: 0.9559874060289199,
    risk: { control: 0.05462853435962424, variant: 0.0005712172529732932 },
  },
  {
    name: "lower is better, α = 0.1",
    estimate: 0.021126404421055733,
    se: 0.03815683649975905,
    prior: undefined,
    alpha: 0.1,
    higherIsBetter: false,
    posteriorMean: 0.021126404421055733,
    posteriorSd: 0.03815683649975905,
    ci: [-0.04163600648856729, 0.08388881533067873],
    chanceToWin: 0.2899013795585368,
    risk: { control: 0.006934583512479974, variant: 0.02806098793353571 },
  },
  {
    name: "absolute effect with prior N(0.1, 1)",
    estimate: -0.3,
    se: 0.25,
    prior: { mean: 0.1, variance: 1 },
    alpha: 0.05,
    higherIsBetter: true,
    posteriorMean: -0.27647058823529413,
    posteriorSd: 0.24253562503633297,
    ci: [-0.7518316782744179, 0.1988905018038295],
    chanceToWin: 0.1271603497485128,
    risk: { control: 0.015370718605025419, variant: 0.29184130684031956 },
  },
];

describe("Bayesian Gaussian readout against scipy.stats.norm", () => {
  for (const ref of REF) {
    it(ref.name, () => {
      const r = bayesianNormalTest(ref.estimate, ref.se, {
        alpha: ref.alpha,
        prior: ref.prior,
        higherIsBetter: ref.higherIsBetter,
      });
      expectClose(r.posteriorMean, ref.posteriorMean, 1e-12);
      expectClose(r.posteriorSd, ref.posteriorSd, 1e-12);
      expectClose(r.ciLow, ref.ci[0] ?? 0);
      expectClose(r.ciHigh, ref.ci[1] ?? 0);
      expectClose(r.chanceToWin, ref.chanceToWin);
      expectClose(r.risk.control, ref.risk.control);
      expectClose(r.risk.variant, ref.risk.variant);
    });
  }

  it("a flat prior leaves the likelihood unchanged", () => {
    expect(normalPosterior(0.3, 0.1)).toEqual({ mean: 0.3, sd: 0.1 });
  });

  it("risk of control minus risk of variant is the expected effect; chance to win is a probability", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 1e-3, max: 100, noNaN: true }),
        fc.boolean(),
        (mean, sd, higherIsBetter) => {
          const r = bayesianNormalTest(mean, sd, { higherIsBetter });
          const signed = higherIsBetter ? mean : -mean;
          expect(r.chanceToWin).toBeGreaterThanOrEqual(0);
          expect(r.chanceToWin).toBeLessThanOrEqual(1);
          expect(r.risk.control).toBeGreaterThanOrEqual(0);
          expect(r.risk.variant).toBeGreaterThanOrEqual(0);
          expectClose(r.risk.control - r.risk.variant, signed, 1e-9, 1e-9 * sd);
          expect(r.ciLow).toBeLessThanOrEqual(r.posteriorMean);
          expect(r.ciHigh).toBeGreaterThanOrEqual(r.posteriorMean);
        },
      ),
    );
  });

  it("expected positive part is never negative, even deep in the tail", () => {
    expect(expectedPositivePart(-50, 1)).toBeGreaterThanOrEqual(0);
    expect(expectedPositivePart(0, 1)).toBeCloseTo(0.3989422804014327, 14);
  });
});
