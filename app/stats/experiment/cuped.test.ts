import { describe, expect, it } from "vitest";
import {
  adjustedArmVariance,
  type CupedSums,
  cupedAbsoluteDifference,
  cupedArmMoments,
  cupedRelativeLift,
  pooledCupedTheta,
} from "./cuped";
import { expectClose } from "#app/stats/expect-close";
import { CUPED_MEAN_ARMS } from "./test-utils";
import { tIntervalTest, welchDegreesOfFreedom } from "./welch";

// Reference values: scripts/reference/experiment_cuped.py (formulas in numpy; θ checked against
// statsmodels OLS of y on x over the pooled arms; t quantiles / p-values from scipy.stats.t at the
// Welch df of the adjusted arm variances, cross-checked with scipy.stats.ttest_ind on y − θx).
const CUPED_REF = {
  mean: {
    ...CUPED_MEAN_ARMS,
    theta: 0.8133734496161167,
    df: 1839.8411263483658,
    absolute: {
      estimate: 0.46314094964188424,
      se: 0.18314105497834277,
      ci: [0.10395478491791338, 0.822327114365855],
      pValue: 0.011525821070344538,
      varianceReduction: 0.6760676086352126,
    },
    relative: {
      estimate: 0.04350889252905035,
      se: 0.017964626697631964,
      ci: [0.008275692824138023, 0.07874209223396268],
      pValue: 0.01553483450186593,
      varianceReduction: 0.6731039882120673,
    },
  },
  proportion: {
    treatment: { n: 3000, sum: 798, covariateSum: 946, covariateSumProduct: 541 },
    control: { n: 3100, sum: 705, covariateSum: 915, covariateSumProduct: 483 },
    theta: 0.4372434568137864,
    df: 6057.4019711855735,
    absolute: {
      estimate: 0.029760551344272447,
      se: 0.009757824047572474,
      ci: [0.010631745418645509, 0.04888935726989943],
      pValue: 0.0022989426898416625,
      varianceReduction: 0.21800133016950096,
    },
    relative: {
      estimate: 0.13086199881878666,
      se: 0.04650038732073085,
      ci: [0.03970469979513486, 0.22201929784243862],
      pValue: 0.004905452162703289,
      varianceReduction: 0.21587058768547895,
    },
  },
} as const;

function fullSums(
  arm: { n: number; sum: number; covariateSum: number; covariateSumProduct: number } & Partial<CupedSums>,
) {
  // 0/1 data: Σy² = Σy and Σx² = Σx.
  return {
    ...arm,
    sumSquares: arm.sumSquares ?? arm.sum,
    covariateSumSquares: arm.covariateSumSquares ?? arm.covariateSum,
  };
}

describe("CUPED against the numpy transcription", () => {
  for (const metricType of ["mean", "proportion"] as const) {
    const ref = CUPED_REF[metricType];
    it(`${metricType}: θ, adjusted estimates, standard errors, CI and p-value`, () => {
      const tSums = fullSums(ref.treatment);
      const cSums = fullSums(ref.control);
      const theta = pooledCupedTheta([tSums, cSums]);
      expectClose(theta, ref.theta);
      const t = cupedArmMoments(tSums, metricType);
      const c = cupedArmMoments(cSums, metricType);
      if (!t || !c) throw new Error("expected moments");
      const adjusted = (arm: typeof t) => ({ ...arm, variance: adjustedArmVariance(arm, theta) });
      const df = welchDegreesOfFreedom(adjusted(t), adjusted(c)) ?? 0;
      expectClose(df, ref.df);

      const absolute = cupedAbsoluteDifference(t, c, theta);
      const relative = cupedRelativeLift(t, c, theta);
      if (relative.status !== "ok") throw new Error(relative.status);
      const unadjustedAbs = cupedAbsoluteDifference(t, c, 0);
      const unadjustedRel = cupedRelativeLift(t, c, 0);
      if (unadjustedRel.status !== "ok") throw new Error(unadjustedRel.status);

      const cases = [
        [absolute, unadjustedAbs, ref.absolute],
        [relative, unadjustedRel, ref.relative],
      ] as const;
      for (const [adjusted, unadjusted, expected] of cases) {
        const se = Math.sqrt(adjusted.variance);
        expectClose(adjusted.estimate, expected.estimate);
        expectClose(se, expected.se);
        expectClose(1 - adjusted.variance / unadjusted.variance, expected.varianceReduction);
        const test = tIntervalTest(adjusted.estimate, se, df, 0.05);
        expectClose(test.ciLow, expected.ci[0]);
        expectClose(test.ciHigh, expected.ci[1]);
        expectClose(test.pValue, expected.pValue);
      }
    });
  }

  it("θ = 0 reproduces the unadjusted relative-lift variance", () => {
    const t = cupedArmMoments(fullSums(CUPED_REF.mean.treatment), "mean");
    const c = cupedArmMoments(fullSums(CUPED_REF.mean.control), "mean");
    if (!t || !c) throw new Error("expected moments");
    const lift = cupedRelativeLift(t, c, 0);
    if (lift.status !== "ok") throw new Error(lift.status);
    const expected = t.variance / (t.n * c.mean ** 2) + (c.variance * t.mean ** 2) / (c.n * c.mean ** 4);
    expectClose(lift.variance, expected, 1e-12);
  });

  it("falls back to θ = 0 for a constant covariate and declines tiny arms", () => {
    const constant = {
      n: 4,
      sum: 10,
      sumSquares: 30,
      covariateSum: 8,
      covariateSumSquares: 16,
      covariateSumProduct: 20,
    };
    expect(pooledCupedTheta([constant, constant])).toBe(0);
    expect(cupedArmMoments({ ...constant, n: 1 }, "mean")).toBeNull();
    const m = cupedArmMoments(constant, "mean");
    if (!m) throw new Error("expected moments");
    expect(cupedRelativeLift(m, { ...m, mean: 0 }, 0.5)).toEqual({ status: "ZERO_CONTROL_MEAN" });
  });
});
