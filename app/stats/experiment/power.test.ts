import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  minimumDetectableEffect,
  type PowerBaseline,
  requiredSampleSize,
  standardizedShiftForPower,
} from "./power";
import { expectClose } from "#app/stats/expect-close";

// Reference values: scripts/reference/experiment_power.py (statsmodels NormalIndPower, ratio=1,
// two-sided, effect size d = Δ/σ with σ² = (p1q1 + p2q2)/2 or σ = sd). Sample sizes come from
// solve_power; MDEs from a brentq root of NormalIndPower.power, because solve_power's own effect-size
// answer is only accurate to ~6e-5 relative.
const SAMPLE_SIZE: {
  baseline: PowerBaseline;
  mde: number;
  alpha: number;
  power: number;
  d: number;
  n: number;
}[] = [
  {
    baseline: { metricType: "proportion", baselineRate: 0.1 },
    mde: 0.05,
    alpha: 0.05,
    power: 0.8,
    d: 0.016485631820752886,
    n: 57759.7644881675,
  },
  {
    baseline: { metricType: "proportion", baselineRate: 0.02 },
    mde: 0.1,
    alpha: 0.05,
    power: 0.9,
    d: 0.013948887280616731,
    n: 108005.76411221117,
  },
  {
    baseline: { metricType: "proportion", baselineRate: 0.3 },
    mde: -0.2,
    alpha: 0.01,
    power: 0.8,
    d: 0.13545709229571926,
    n: 1273.0075281937957,
  },
  {
    baseline: { metricType: "proportion", baselineRate: 0.5 },
    mde: 0.5,
    alpha: 0.05,
    power: 0.8,
    d: 0.5345224838248488,
    n: 54.9420235885777,
  },
  {
    baseline: { metricType: "mean", mean: 25, standardDeviation: 40 },
    mde: 0.03,
    alpha: 0.05,
    power: 0.8,
    d: 0.01875,
    n: 44651.295341913516,
  },
  {
    baseline: { metricType: "mean", mean: 3.2, standardDeviation: 1.1 },
    mde: 0.1,
    alpha: 0.1,
    power: 0.95,
    d: 0.29090909090909095,
    n: 255.75779908483852,
  },
];

const MDE: { baseline: PowerBaseline; n: number; d: number; relativeMde: number }[] = [
  {
    baseline: { metricType: "proportion", baselineRate: 0.1 },
    n: 10000,
    d: 0.03962034959292055,
    relativeMde: 0.12199291927830605,
  },
  {
    baseline: { metricType: "proportion", baselineRate: 0.6 },
    n: 200,
    d: 0.28015817870135795,
    relativeMde: 0.21818212106222978,
  },
  {
    baseline: { metricType: "mean", mean: 25, standardDeviation: 40 },
    n: 5000,
    d: 0.05603163574027158,
    relativeMde: 0.08965061718443453,
  },
];

describe("power: required sample size against statsmodels NormalIndPower", () => {
  SAMPLE_SIZE.forEach((ref, i) => {
    it(`case ${i}: ${ref.baseline.metricType}, MDE ${ref.mde}, α ${ref.alpha}, power ${ref.power}`, () => {
      const r = requiredSampleSize(ref.baseline, ref.mde, { alpha: ref.alpha, power: ref.power });
      if (r.status !== "ok") throw new Error(r.status);
      expectClose(r.effectSize, ref.d, 1e-12);
      // statsmodels solves with brentq; its root is accurate to ~1e-9 relative.
      expectClose(r.exactNPerVariant, ref.n, 1e-8);
      expect(r.nPerVariant).toBe(Math.ceil(ref.n));
    });
  });

  it("uses α = 0.05 and power = 0.8 by default", () => {
    const r = requiredSampleSize({ metricType: "proportion", baselineRate: 0.1 }, 0.05);
    expect(r).toMatchObject({ status: "ok", nPerVariant: 57760 });
  });

  it("rejects impossible plans", () => {
    const p = { metricType: "proportion", baselineRate: 0.6 } as const;
    expect(requiredSampleSize(p, 0.8).status).toBe("INVALID_INPUT"); // p2 = 1.08
    expect(requiredSampleSize(p, 0).status).toBe("INVALID_INPUT");
    expect(requiredSampleSize(p, 0.1, { power: 0.01 }).status).toBe("INVALID_INPUT");
    expect(requiredSampleSize({ metricType: "proportion", baselineRate: 0 }, 0.1).status).toBe(
      "INVALID_INPUT",
    );
    expect(requiredSampleSize({ metricType: "mean", mean: 0, standardDeviation: 1 }, 0.1).status).toBe(
      "ZERO_CONTROL_MEAN",
    );
    expect(standardizedShiftForPower(0.05, 1)).toBeNull();
  });
});

describe("power: minimum detectable effect against statsmodels NormalIndPower", () => {
  MDE.forEach((ref, i) => {
    it(`case ${i}: ${ref.baseline.metricType}, n ${ref.n}`, () => {
      const r = minimumDetectableEffect(ref.baseline, ref.n);
      if (r.status !== "ok") throw new Error(r.status);
      expectClose(r.effectSize, ref.d, 1e-10);
      expectClose(r.relativeMde, ref.relativeMde, 1e-10);
    });
  });

  it("reports when no upward effect is detectable", () => {
    expect(minimumDetectableEffect({ metricType: "proportion", baselineRate: 0.9 }, 5).status).toBe(
      "NOT_ENOUGH_DATA",
    );
  });

  it("inverts the sample-size calculation", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.9, noNaN: true }),
        fc.double({ min: 0.01, max: 0.1, noNaN: true }),
        fc.constantFrom(0.01, 0.05, 0.1),
        fc.constantFrom(0.8, 0.9),
        (rate, mde, alpha, power) => {
          const baseline = { metricType: "proportion", baselineRate: rate } as const;
          const n = requiredSampleSize(baseline, mde, { alpha, power });
          if (n.status !== "ok") return;
          const back = minimumDetectableEffect(baseline, n.exactNPerVariant, { alpha, power });
          if (back.status !== "ok") throw new Error(back.status);
          expectClose(back.relativeMde, mde, 1e-9);
        },
      ),
    );
  });
});
