import { describe, expect, it } from "vitest";
import { sampleVarianceFromSums } from "./sufficient-stats";
import { expectClose } from "#app/stats/expect-close";
import type { MeanEstimate } from "./types";
import { absoluteDifference, tIntervalTest, welchDegreesOfFreedom, welchTTest } from "./welch";

// Reference values: scripts/reference/experiment_welch.py (scipy.stats.ttest_ind(equal_var=False),
// statsmodels ttest_ind(usevar="unequal") for df, CompareMeans.tconfint_diff(usevar="unequal")).
const REF = {
  lognormal: {
    treatment: { n: 430, sum: 1732.5543601614784, sumSquares: 18846.8558381135 },
    control: { n: 500, sum: 1750.3425161295306, sumSquares: 10141.975204072924 },
    diff: 0.5285111541629819,
    statistic: 1.863734235195305,
    pValue: 0.06281946194750854,
    df: 636.2401592881886,
    ci05: [-0.028347808617916637, 1.0853701169438787],
    ci10: [0.06138923774339561, 0.9956330705825664],
  },
  small: {
    treatment: { n: 5, sum: 23.856082477602516, sumSquares: 149.3985421514075 },
    control: { n: 8, sum: 7.040824778659089, sumSquares: 7.92646566584283 },
    diff: 3.8911133981881174,
    statistic: 2.892489576406314,
    pValue: 0.04266125219589911,
    df: 4.139415926374042,
    ci05: [0.20520041306879389, 7.577026383307441],
    ci10: [1.0507810475745711, 6.731445748801663],
  },
} as const;

function estimate(arm: { n: number; sum: number; sumSquares: number }): MeanEstimate {
  return {
    n: arm.n,
    mean: arm.sum / arm.n,
    variance: sampleVarianceFromSums(arm.n, arm.sum, arm.sumSquares) ?? 0,
  };
}

describe("Welch's t-test against scipy", () => {
  for (const [name, ref] of Object.entries(REF)) {
    it(`${name}: statistic, df, p-value and CI at α = 0.05 and 0.1`, () => {
      const t = estimate(ref.treatment);
      const c = estimate(ref.control);
      const at05 = welchTTest(t, c, 0.05);
      const at10 = welchTTest(t, c, 0.1);
      if (!at05 || !at10) throw new Error("expected a result");
      expectClose(at05.estimate, ref.diff);
      expectClose(at05.estimate / at05.standardError, ref.statistic);
      expectClose(at05.df, ref.df);
      expectClose(at05.pValue, ref.pValue);
      expectClose(at05.ciLow, ref.ci05[0]);
      expectClose(at05.ciHigh, ref.ci05[1]);
      expectClose(at10.ciLow, ref.ci10[0]);
      expectClose(at10.ciHigh, ref.ci10[1]);
      // "CI excludes 0" and "p < α" agree at both levels.
      expect(at05.ciLow > 0 || at05.ciHigh < 0).toBe(at05.pValue < 0.05);
      expect(at10.ciLow > 0 || at10.ciHigh < 0).toBe(at10.pValue < 0.1);
    });
  }

  it("has no df when both arms are constant or an arm is too small", () => {
    expect(
      welchDegreesOfFreedom({ n: 10, mean: 1, variance: 0 }, { n: 10, mean: 2, variance: 0 }),
    ).toBeNull();
    expect(welchDegreesOfFreedom({ n: 1, mean: 1, variance: 1 }, { n: 10, mean: 2, variance: 1 })).toBeNull();
    expect(welchTTest({ n: 10, mean: 1, variance: 0 }, { n: 10, mean: 2, variance: 0 })).toBeNull();
  });

  it("reduces to n − 1 df when one arm has no variance", () => {
    expect(welchDegreesOfFreedom({ n: 12, mean: 1, variance: 3 }, { n: 50, mean: 2, variance: 0 })).toBe(11);
  });

  it("survives extreme variance scales without overflow", () => {
    const df = welchDegreesOfFreedom(
      { n: 10, mean: 0, variance: 1e-320 },
      { n: 20, mean: 0, variance: 1e-320 },
    );
    expect(Number.isFinite(df)).toBe(true);
    expect(absoluteDifference({ n: 4, mean: 3, variance: 8 }, { n: 2, mean: 1, variance: 2 })).toEqual({
      estimate: 2,
      variance: 3,
    });
  });

  it("keeps tiny p-values instead of rounding them to 0", () => {
    // scipy: 2 * stats.t.sf(40, 100) = 2.4621076021400736e-63 (scripts/reference/experiment_welch.py).
    expectClose(tIntervalTest(40, 1, 100, 0.05).pValue, 2.4621076021400736e-63);
  });
});
