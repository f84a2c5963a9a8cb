import { describe, expect, it } from "vitest";
import { relativeLift } from "./relative-lift";
import { bernoulliVariance, sampleVarianceFromSums } from "./sufficient-stats";
import { expectClose } from "#app/stats/expect-close";
import { tIntervalTest, welchDegreesOfFreedom } from "./welch";

// Reference values: scripts/reference/experiment_relative_lift.py (hand delta method in numpy,
// cross-checked as g'Σg; quantiles and p-values from scipy.stats.t at the Welch df).
const MEAN = {
  treatment: { n: 800, sum: 3903.554282588667, sumSquares: 29692.599695865527 },
  control: { n: 760, sum: 3631.6528026339283, sumSquares: 26532.08598096729 },
  lift: 0.021126404421055733,
  se: 0.03815683649975905,
  df: 1557.987265431532,
  ci: [-0.05371776483124949, 0.09597057367336095],
  pValue: 0.5798822072987928,
};
const PROPORTION = {
  treatment: { n: 5000, sum: 259 },
  control: { n: 5000, sum: 220 },
  lift: 0.17727272727272725,
  se: 0.10534096904613734,
  df: 9938.538709733462,
  ci: [-0.02921692543964219, 0.38376237998509666],
  ci01: [-0.09411974875785273, 0.4486652033033072],
  pValue: 0.09243613563174251,
};

describe("relative lift (delta method)", () => {
  it("matches numpy for a mean metric", () => {
    const arm = (a: { n: number; sum: number; sumSquares: number }) => ({
      n: a.n,
      mean: a.sum / a.n,
      variance: sampleVarianceFromSums(a.n, a.sum, a.sumSquares) ?? 0,
    });
    const t = arm(MEAN.treatment);
    const c = arm(MEAN.control);
    const lift = relativeLift(t, c);
    if (lift.status !== "ok") throw new Error(lift.status);
    expectClose(lift.estimate, MEAN.lift);
    expectClose(Math.sqrt(lift.variance), MEAN.se);
    const df = welchDegreesOfFreedom(t, c) ?? 0;
    expectClose(df, MEAN.df);
    const test = tIntervalTest(lift.estimate, Math.sqrt(lift.variance), df, 0.05);
    expectClose(test.ciLow, MEAN.ci[0] ?? 0);
    expectClose(test.ciHigh, MEAN.ci[1] ?? 0);
    expectClose(test.pValue, MEAN.pValue);
  });

  it("matches numpy for a proportion metric with p(1 − p) variances, at α = 0.05 and 0.01", () => {
    const arm = (a: { n: number; sum: number }) => ({
      n: a.n,
      mean: a.sum / a.n,
      variance: bernoulliVariance(a.sum / a.n),
    });
    const t = arm(PROPORTION.treatment);
    const c = arm(PROPORTION.control);
    const lift = relativeLift(t, c);
    if (lift.status !== "ok") throw new Error(lift.status);
    expectClose(lift.estimate, PROPORTION.lift);
    expectClose(Math.sqrt(lift.variance), PROPORTION.se);
    const df = welchDegreesOfFreedom(t, c) ?? 0;
    expectClose(df, PROPORTION.df);
    const at05 = tIntervalTest(lift.estimate, Math.sqrt(lift.variance), df, 0.05);
    const at01 = tIntervalTest(lift.estimate, Math.sqrt(lift.variance), df, 0.01);
    expectClose(at05.ciLow, PROPORTION.ci[0] ?? 0);
    expectClose(at05.ciHigh, PROPORTION.ci[1] ?? 0);
    expectClose(at01.ciLow, PROPORTION.ci01[0] ?? 0);
    expectClose(at01.ciHigh, PROPORTION.ci01[1] ?? 0);
    expectClose(at05.pValue, PROPORTION.pValue);
  });

  it("reports ZERO_CONTROL_MEAN instead of dividing by zero", () => {
    expect(relativeLift({ n: 10, mean: 1, variance: 1 }, { n: 10, mean: 0, variance: 1 })).toEqual({
      status: "ZERO_CONTROL_MEAN",
    });
  });
});
