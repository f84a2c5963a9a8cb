import { describe, expect, it } from "vitest";
import { type Comparison, compareVariants } from "./compare-variants";
import type { ArmSums } from "./types";
import { expectClose } from "#app/stats/expect-close";

// The three conventions on which Northstar differed from GrowthBook's gbstats (issue 10).
// Reference values: scripts/reference/experiment_conventions.py (numpy delta method and
// scipy.stats.t; CUPED cases from scipy.stats.ttest_ind and statsmodels CompareMeans on y − θx).
const NEGATIVE_CONTROL = {
  treatment: { n: 420, sum: -756.1082769581096, sumSquares: 1740.062199135674 },
  control: { n: 400, sum: -785.4947552355734, sumSquares: 1977.2999300512608 },
  relativeLift: 0.08324897637728561,
  se: 0.03394145568865863,
  df: 801.9122997820272,
  ci: [0.01662438859128533, 0.1498735641632859],
  pValue: 0.01438995955638425,
  chanceToWinRelative: 0.9929110191902035,
  chanceToWinAbsolute: 0.9903804691256699,
};
const CUPED_SMALL = {
  treatment: {
    n: 12,
    sum: 141.27235346091467,
    sumSquares: 1933.138525331627,
    covariateSum: 79.50994530002306,
    covariateSumSquares: 647.312203079587,
    covariateSumProduct: 1115.198845018629,
  },
  control: {
    n: 40,
    sum: 57.50412138278292,
    sumSquares: 978.911395909543,
    covariateSum: 243.12988769314032,
    covariateSumSquares: 1795.5034932075555,
    covariateSumProduct: 362.6721928419043,
  },
  theta: 0.5545621729251653,
  estimate: 10.031425054832146,
  df: 29.410956402613383,
  ci: [7.571387631819624, 12.491462477844669],
  pValue: 3.097405926874299e-9,
};
const CUPED_IMBALANCED = {
  treatment: {
    n: 3,
    sum: 24.5,
    sumSquares: 246.25,
    covariateSum: 15.5,
    covariateSumSquares: 103.25,
    covariateSumProduct: 156.0,
  },
  control: {
    n: 200000,
    sum: 1279097.8777273328,
    sumSquares: 12890141.1203014,
    covariateSum: 1200572.1807301056,
    covariateSumSquares: 10803247.66603994,
    covariateSumProduct: 10911995.678212034,
  },
  theta: 0.8991684467106454,
  estimate: 2.523056751247176,
  df: 2.000090132093041,
  ci: [-3.5605869246473008, 8.60670042714165],
  pValue: 0.21629077348894749,
};

/** An ok fixed-horizon t result with the reference df, interval and p-value. */
function expectTTest(r: Comparison, ref: { df: number; ci: readonly number[]; pValue: number }) {
  expect(r.status).toBe("ok");
  expectClose(r.degreesOfFreedom, ref.df);
  expectClose(r.ciLow, ref.ci[0] ?? Number.NaN);
  expectClose(r.ciHigh, ref.ci[1] ?? Number.NaN);
  expectClose(r.pValue, ref.pValue);
}

describe("relative lift over a negative control mean", () => {
  it("is (μt − μc)/|μc| with the delta-method variance, so a rise from −2 to −1.8 is positive", () => {
    const r = compareVariants(NEGATIVE_CONTROL.control, NEGATIVE_CONTROL.treatment, { metricType: "mean" });
    expectTTest(r, NEGATIVE_CONTROL);
    expectClose(r.relativeLift, NEGATIVE_CONTROL.relativeLift);
    expectClose(r.standardError, NEGATIVE_CONTROL.se);
  });

  it("gives the same direction in the relative and absolute Bayesian readouts", () => {
    const relative = compareVariants(NEGATIVE_CONTROL.control, NEGATIVE_CONTROL.treatment, {
      metricType: "mean",
      engine: "bayesian",
    });
    const absolute = compareVariants(NEGATIVE_CONTROL.control, NEGATIVE_CONTROL.treatment, {
      metricType: "mean",
      engine: "bayesian",
      difference: "absolute",
    });
    expectClose(relative.chanceToWin, NEGATIVE_CONTROL.chanceToWinRelative);
    expectClose(absolute.chanceToWin, NEGATIVE_CONTROL.chanceToWinAbsolute);
  });

  it("applies to the CUPED-adjusted lift as well", () => {
    const negate = (arm: typeof CUPED_SMALL.control) => ({
      ...arm,
      sum: -arm.sum,
      covariateSum: -arm.covariateSum,
    });
    const options = { metricType: "mean", cuped: true } as const;
    const positive = compareVariants(CUPED_SMALL.control, CUPED_SMALL.treatment, options);
    // Negating y and x negates both means and the effect: the lift keeps its size, flips its sign.
    const negative = compareVariants(negate(CUPED_SMALL.control), negate(CUPED_SMALL.treatment), options);
    expectClose(negative.relativeLift, -(positive.relativeLift ?? Number.NaN), 1e-12);
    expectClose(negative.standardError, positive.standardError ?? Number.NaN, 1e-12);
  });
});

describe("CUPED degrees of freedom", () => {
  for (const [name, ref] of [
    ["small arms", CUPED_SMALL],
    ["40,000:1 imbalance", CUPED_IMBALANCED],
  ] as const) {
    it(`come from the adjusted arm variances (${name}: scipy's Welch test on y − θx)`, () => {
      const r = compareVariants(ref.control, ref.treatment, {
        metricType: "mean",
        cuped: true,
        difference: "absolute",
      });
      expectTTest(r, ref);
      expectClose(r.cupedTheta, ref.theta);
      expectClose(r.absoluteDiff, ref.estimate);
    });
  }
});

describe("an arm with zero variance", () => {
  const degenerate = { n: 4, sum: 0 };
  const healthy = { n: 4433, sum: 14 };
  for (const difference of ["absolute", "relative"] as const) {
    for (const engine of ["frequentist", "bayesian"] as const) {
      it(`is refused with ZERO_VARIANCE (${difference}, ${engine}), whichever arm it is`, () => {
        const pairs: Array<[ArmSums, ArmSums]> = [
          [healthy, degenerate],
          [degenerate, healthy],
        ];
        for (const [control, treatment] of pairs) {
          const r = compareVariants(control, treatment, { metricType: "proportion", difference, engine });
          // A zero control mean is the more specific reason for the relative lift.
          const expected =
            difference === "relative" && control === degenerate ? "ZERO_CONTROL_MEAN" : "ZERO_VARIANCE";
          expect(r.status).toBe(expected);
          expect([r.ciLow, r.ciHigh, r.pValue, r.chanceToWin]).toEqual([null, null, null, null]);
          expect(r.absoluteDiff).toBeCloseTo(control === healthy ? -14 / 4433 : 14 / 4433, 12);
        }
      });
    }
  }

  it("is refused in the sequential mode too", () => {
    const r = compareVariants(healthy, degenerate, {
      metricType: "proportion",
      difference: "absolute",
      sequential: {},
    });
    expect(r.status).toBe("ZERO_VARIANCE");
  });
});
