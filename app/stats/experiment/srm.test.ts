import { describe, expect, it } from "vitest";
import { sampleRatioMismatch } from "./srm";
import { expectClose } from "#app/stats/expect-close";

// Reference values: scripts/reference/experiment_srm.py (scipy.stats.chisquare).
const REF = [
  { name: "balanced", observed: [5012, 4988], statistic: 0.0576, pValue: 0.8103302566044083, flagged: false },
  {
    name: "mismatch",
    observed: [10321, 9679],
    statistic: 20.6082,
    pValue: 5.635422090724276e-6,
    flagged: true,
  },
  {
    name: "threeWay",
    observed: [3300, 3350, 3210],
    statistic: 3.062880324543611,
    pValue: 0.21622404526445954,
    flagged: false,
  },
  {
    name: "weighted",
    observed: [2010, 7990],
    weights: [0.2, 0.8],
    statistic: 0.0625,
    pValue: 0.8025873486341526,
    flagged: false,
  },
  {
    name: "weightedMismatch",
    observed: [1890, 4110, 4000],
    weights: [1, 2, 2],
    statistic: 9.075,
    pValue: 0.010700123452114924,
    flagged: false,
  },
];

describe("sample ratio mismatch (Pearson χ²)", () => {
  for (const ref of REF) {
    it(`${ref.name} matches scipy.stats.chisquare`, () => {
      const r = sampleRatioMismatch(ref.observed, ref.weights);
      if (r.status !== "ok") throw new Error(r.status);
      expectClose(r.statistic, ref.statistic, 1e-10);
      // chiSquareSurvival is 1 − cdf, so tiny p-values carry ~1e-16 absolute error.
      expectClose(r.pValue, ref.pValue, 1e-6, 1e-15);
      expect(r.flagged).toBe(ref.flagged);
      expect(r.df).toBe(ref.observed.length - 1);
    });
  }

  it("declines what it cannot test", () => {
    expect(sampleRatioMismatch([0, 0]).status).toBe("NOT_ENOUGH_DATA");
    expect(sampleRatioMismatch([10]).status).toBe("NOT_ENOUGH_DATA");
    expect(sampleRatioMismatch([10, 10], [1]).status).toBe("INVALID_INPUT");
    expect(sampleRatioMismatch([10, 10], [1, 0]).status).toBe("INVALID_INPUT");
    expect(sampleRatioMismatch([10, -1]).status).toBe("INVALID_INPUT");
  });

  it("reads weights as shares at any scale: two weights of 1e308 are an equal split", () => {
    const huge = sampleRatioMismatch([100, 100], [1e308, 1e308]);
    expect(huge).toMatchObject({ status: "ok", statistic: 0, pValue: 1, flagged: false });
    expect(sampleRatioMismatch([100, 100], [3e307, 1e308])).toEqual(
      sampleRatioMismatch([100, 100], [0.3, 1]),
    );
    // A variant given a share of ~1e-320 but half the units is a mismatch, not a missing answer.
    expect(sampleRatioMismatch([100, 100], [1e-320, 1])).toMatchObject({ status: "ok", flagged: true });
    expect(sampleRatioMismatch([0, 100], [5e-324, 1e308])).toMatchObject({ status: "ok", pValue: 1 });
  });

  it("flags a gross mismatch with p = 0 rather than NaN", () => {
    const r = sampleRatioMismatch([1_000_000, 10]);
    expect(r).toMatchObject({ status: "ok", flagged: true });
    if (r.status === "ok") expect(r.pValue).toBeGreaterThanOrEqual(0);
  });
});
