import { describe, expect, it } from "vitest";
import { type CompareOptions, type Comparison, compareVariants } from "./compare-variants";
import { expectClose } from "#app/stats/expect-close";
import { CUPED_MEAN_ARMS, expectAllFinite } from "./test-utils";
import type { ArmSums } from "./types";

// Every reference below was produced by a script in scripts/reference/ (named per block); the
// inputs are the sums printed by that script, the outputs scipy / statsmodels / numpy values.

function expectInterval(r: Comparison, ci: readonly number[], pValue?: number, rel = 1e-6) {
  expect(r.status).toBe("ok");
  expectClose(r.ciLow, ci[0] ?? Number.NaN, rel);
  expectClose(r.ciHigh, ci[1] ?? Number.NaN, rel);
  if (pValue !== undefined) expectClose(r.pValue, pValue, rel);
}

// experiment_welch.py: scipy.stats.ttest_ind(equal_var=False) + statsmodels tconfint_diff.
const LOGNORMAL = {
  treatment: { n: 430, sum: 1732.5543601614784, sumSquares: 18846.8558381135 },
  control: { n: 500, sum: 1750.3425161295306, sumSquares: 10141.975204072924 },
};
const PROPORTION_ABS = { treatment: { n: 2400, sum: 290 }, control: { n: 2500, sum: 235 } };
// experiment_relative_lift.py: hand delta method in numpy, scipy.stats.t at the Welch df.
const MEAN_REL = {
  treatment: { n: 800, sum: 3903.554282588667, sumSquares: 29692.599695865527 },
  control: { n: 760, sum: 3631.6528026339283, sumSquares: 26532.08598096729 },
};
const PROPORTION_REL = { treatment: { n: 5000, sum: 259 }, control: { n: 5000, sum: 220 } };
// experiment_ratio.py: numpy delta method (np.cov, ddof=1), scipy.stats.t at the Welch df.
const RATIO = {
  treatment: {
    n: 1200,
    sum: 1105,
    sumSquares: 2029,
    denominatorSum: 4861,
    denominatorSumSquares: 23371,
    sumProduct: 5350,
  },
  control: {
    n: 1300,
    sum: 1096,
    sumSquares: 1940,
    denominatorSum: 5257,
    denominatorSumSquares: 24875,
    sumProduct: 5080,
  },
};
// experiment_cuped.py: numpy transcription of the CUPED formulas, θ checked against statsmodels OLS.
const CUPED_MEAN = CUPED_MEAN_ARMS;
const CUPED_PROPORTION = {
  treatment: { n: 3000, sum: 798, covariateSum: 946, covariateSumProduct: 541 },
  control: { n: 3100, sum: 705, covariateSum: 915, covariateSumProduct: 483 },
};

describe("compareVariants: frequentist fixed horizon against scipy", () => {
  it("mean metric, absolute difference (Welch) at α = 0.05 and 0.1", () => {
    const at05 = compareVariants(LOGNORMAL.control, LOGNORMAL.treatment, {
      metricType: "mean",
      difference: "absolute",
    });
    expectInterval(at05, [-0.028347808617916637, 1.0853701169438787], 0.06281946194750854);
    expectClose(at05.absoluteDiff, 0.5285111541629819);
    expectClose(at05.degreesOfFreedom, 636.2401592881886);
    expectClose(at05.controlMean, 1750.3425161295306 / 500, 1e-15);
    const at10 = compareVariants(LOGNORMAL.control, LOGNORMAL.treatment, {
      metricType: "mean",
      difference: "absolute",
      alpha: 0.1,
    });
    expectInterval(at10, [0.06138923774339561, 0.9956330705825664], 0.06281946194750854);
  });

  it("proportion metric, absolute difference with p(1 − p) variances (sumSquares omitted)", () => {
    const r = compareVariants(PROPORTION_ABS.control, PROPORTION_ABS.treatment, {
      metricType: "proportion",
      difference: "absolute",
    });
    expectInterval(r, [0.009482525320959619, 0.04418414134570705], 0.0024433201233014837);
    expectClose(r.standardError, 0.008850378496823571);
    expectClose(r.degreesOfFreedom, 4789.316001199154);
  });

  it("mean metric, relative lift (delta method) is the default difference", () => {
    const r = compareVariants(MEAN_REL.control, MEAN_REL.treatment, { metricType: "mean" });
    expectInterval(r, [-0.05371776483124949, 0.09597057367336095], 0.5798822072987928);
    expectClose(r.relativeLift, 0.021126404421055733);
    expectClose(r.estimate, 0.021126404421055733);
    expectClose(r.standardError, 0.03815683649975905);
    expectClose(r.degreesOfFreedom, 1557.987265431532);
  });

  it("proportion metric, relative lift at α = 0.05 and 0.01", () => {
    const r = compareVariants(PROPORTION_REL.control, PROPORTION_REL.treatment, { metricType: "proportion" });
    expectInterval(r, [-0.02921692543964219, 0.38376237998509666], 0.09243613563174251);
    const r01 = compareVariants(PROPORTION_REL.control, PROPORTION_REL.treatment, {
      metricType: "proportion",
      alpha: 0.01,
    });
    expectInterval(r01, [-0.09411974875785273, 0.4486652033033072], 0.09243613563174251);
  });

  it("ratio metric, absolute and relative", () => {
    const abs = compareVariants(RATIO.control, RATIO.treatment, {
      metricType: "ratio",
      difference: "absolute",
    });
    expectInterval(abs, [0.0028124164219923004, 0.03485869436701573], 0.021242753597586785);
    expectClose(abs.absoluteDiff, 0.018835555394504017);
    expectClose(abs.standardError, 0.00817124545215346);
    expectClose(abs.degreesOfFreedom, 2488.865351416727);
    expectClose(abs.controlMean, 0.20848392619364656, 1e-12);
    expectClose(abs.treatmentMean, 0.22731948158815057, 1e-12);
    const rel = compareVariants(RATIO.control, RATIO.treatment, { metricType: "ratio" });
    expectInterval(rel, [0.010014229858341675, 0.1706764904133875], 0.027519307105566833);
    expectClose(rel.relativeLift, 0.09034536013586458);
    expectClose(rel.standardError, 0.04096609185457629);
  });

  it("CUPED on a mean metric: adjusted estimates, intervals and variance reduction", () => {
    const rel = compareVariants(CUPED_MEAN.control, CUPED_MEAN.treatment, {
      metricType: "mean",
      cuped: true,
    });
    expectInterval(rel, [0.008275692824138023, 0.07874209223396268], 0.01553483450186593);
    expectClose(rel.relativeLift, 0.04350889252905035);
    expectClose(rel.absoluteDiff, 0.46314094964188424);
    expectClose(rel.varianceReduction, 0.6731039882120673);
    expectClose(rel.cupedTheta, 0.8133734496161167);
    expectClose(rel.degreesOfFreedom, 1839.8411263483658);
    expectClose(rel.treatmentMean, 10402.785717623714 / 900, 1e-15);
    const abs = compareVariants(CUPED_MEAN.control, CUPED_MEAN.treatment, {
      metricType: "mean",
      cuped: true,
      difference: "absolute",
    });
    expectInterval(abs, [0.10395478491791338, 0.822327114365855], 0.011525821070344538);
    expectClose(abs.varianceReduction, 0.6760676086352126);
  });

  it("CUPED on a proportion metric with the squares omitted", () => {
    const rel = compareVariants(CUPED_PROPORTION.control, CUPED_PROPORTION.treatment, {
      metricType: "proportion",
      cuped: true,
    });
    expectInterval(rel, [0.03970469979513486, 0.22201929784243862], 0.004905452162703289);
    expectClose(rel.varianceReduction, 0.21587058768547895);
    const abs = compareVariants(CUPED_PROPORTION.control, CUPED_PROPORTION.treatment, {
      metricType: "proportion",
      cuped: true,
      difference: "absolute",
    });
    expectInterval(abs, [0.010631745418645509, 0.04888935726989943], 0.0022989426898416625);
    expectClose(abs.varianceReduction, 0.21800133016950096);
  });

  it("accepts an externally pooled θ", () => {
    const r = compareVariants(CUPED_MEAN.control, CUPED_MEAN.treatment, {
      metricType: "mean",
      cuped: true,
      cupedTheta: 0,
    });
    expect(r.cupedTheta).toBe(0);
    expectClose(r.varianceReduction, 0, 0, 1e-12);
  });
});

describe("compareVariants: sequential (experiment_sequential.py)", () => {
  it("proportion absolute difference: the fixed test's estimate and se, n = n_c + n_t", () => {
    const r = compareVariants(PROPORTION_ABS.control, PROPORTION_ABS.treatment, {
      metricType: "proportion",
      difference: "absolute",
      sequential: {},
    });
    expectInterval(r, [-3.060095349177727e-5, 0.053697267620158445], 0.05046686566942399, 1e-8);
    expect(r.degreesOfFreedom).toBeNull();
  });

  it("ratio relative lift with explicit tuning", () => {
    const r = compareVariants(RATIO.control, RATIO.treatment, {
      metricType: "ratio",
      sequential: { tuning: 5000 },
    });
    expectInterval(r, [-0.035976399056846964, 0.21666711932857613], 0.3195569336538671, 1e-8);
  });
});

describe("compareVariants: Bayesian (experiment_bayesian.py)", () => {
  it("flat prior on the ratio metric's relative lift", () => {
    const r = compareVariants(RATIO.control, RATIO.treatment, { metricType: "ratio", engine: "bayesian" });
    expectInterval(r, [0.01005329551353537, 0.17063742475819377]);
    expect(r.pValue).toBeNull();
    expectClose(r.chanceToWin, 0.9862859037347889);
    expectClose(r.risk?.control, 0.09054252445788422);
    expectClose(r.risk?.variant, 0.00019716432201960396);
  });

  it("proper prior shrinks the estimate toward the prior mean", () => {
    const r = compareVariants(RATIO.control, RATIO.treatment, {
      metricType: "ratio",
      engine: "bayesian",
      prior: { mean: 0, variance: 0.0025000000000000005 },
    });
    expectInterval(r, [-0.008050596836121707, 0.11616523104942358]);
    expectClose(r.estimate, 0.054057317106650946);
    expectClose(r.relativeLift, 0.09034536013586458);
    expectClose(r.chanceToWin, 0.9559874060289199);
    expectClose(r.risk?.control, 0.05462853435962424);
  });

  it("lower-is-better metric at α = 0.1", () => {
    const r = compareVariants(MEAN_REL.control, MEAN_REL.treatment, {
      metricType: "mean",
      engine: "bayesian",
      alpha: 0.1,
      higherIsBetter: false,
    });
    expectInterval(r, [-0.04163600648856729, 0.08388881533067873]);
    expectClose(r.chanceToWin, 0.2899013795585368);
    expectClose(r.risk?.control, 0.006934583512479974);
    expectClose(r.risk?.variant, 0.02806098793353571);
  });
});

describe("compareVariants: reason codes instead of NaN", () => {
  const mean = (n: number, sum: number, sumSquares: number): ArmSums => ({ n, sum, sumSquares });

  it("NOT_ENOUGH_DATA for n < 2 in either arm, with descriptive means kept", () => {
    const r = compareVariants(mean(1, 5, 25), mean(10, 50, 300), { metricType: "mean" });
    expect(r.status).toBe("NOT_ENOUGH_DATA");
    expect(r.controlMean).toBe(5);
    expect(r.treatmentMean).toBe(5);
    expect([r.ciLow, r.ciHigh, r.pValue, r.absoluteDiff]).toEqual([null, null, null, null]);
    expect(compareVariants(mean(0, 0, 0), mean(0, 0, 0), { metricType: "mean" })).toMatchObject({
      status: "NOT_ENOUGH_DATA",
      controlMean: null,
    });
  });

  it("ZERO_CONTROL_MEAN for a relative lift over a zero control, but the absolute difference still works", () => {
    const control = { n: 100, sum: 0, sumSquares: 100 };
    const treatment = { n: 100, sum: 7, sumSquares: 120 };
    const rel = compareVariants(control, treatment, { metricType: "mean" });
    expect(rel.status).toBe("ZERO_CONTROL_MEAN");
    expect(rel.absoluteDiff).toBe(0.07);
    expect(rel.relativeLift).toBeNull();
    const abs = compareVariants(control, treatment, { metricType: "mean", difference: "absolute" });
    expect(abs.status).toBe("ok");
    expect(abs.relativeLift).toBeNull();
  });

  it("ZERO_VARIANCE when both arms are constant", () => {
    const r = compareVariants(mean(10, 20, 40), mean(10, 30, 90), { metricType: "mean" });
    expect(r).toMatchObject({ status: "ZERO_VARIANCE", absoluteDiff: 1, relativeLift: 0.5, pValue: null });
    expect(compareVariants({ n: 50, sum: 50 }, { n: 50, sum: 50 }, { metricType: "proportion" }).status).toBe(
      "ZERO_VARIANCE",
    );
  });

  it("ZERO_DENOMINATOR for a ratio arm without denominator", () => {
    const empty = {
      n: 10,
      sum: 0,
      sumSquares: 0,
      denominatorSum: 0,
      denominatorSumSquares: 0,
      sumProduct: 0,
    };
    expect(compareVariants(empty, RATIO.treatment, { metricType: "ratio" }).status).toBe("ZERO_DENOMINATOR");
  });

  it("INVALID_INPUT for sums or options the method cannot use", () => {
    const bad: [ArmSums, ArmSums, CompareOptions][] = [
      [{ n: 10, sum: 11 }, { n: 10, sum: 3 }, { metricType: "proportion" }],
      [{ n: 10, sum: 3 }, { n: 10, sum: 3 }, { metricType: "mean" }],
      [RATIO.control, { n: 10, sum: 3, sumSquares: 3 }, { metricType: "ratio" }],
      [RATIO.control, RATIO.treatment, { metricType: "ratio", cuped: true }],
      [MEAN_REL.control, MEAN_REL.treatment, { metricType: "mean", cuped: true }],
      [mean(10, Number.NaN, 3), MEAN_REL.treatment, { metricType: "mean" }],
      [MEAN_REL.control, MEAN_REL.treatment, { metricType: "mean", alpha: 0 }],
      [MEAN_REL.control, MEAN_REL.treatment, { metricType: "mean", sequential: { tuning: -1 } }],
      [
        MEAN_REL.control,
        MEAN_REL.treatment,
        { metricType: "mean", engine: "bayesian", prior: { mean: 0, variance: 0 } },
      ],
      [
        MEAN_REL.control,
        MEAN_REL.treatment,
        { metricType: "mean", engine: "bayesian", sequential: {} } as unknown as CompareOptions,
      ],
    ];
    for (const [c, t, options] of bad) expect(compareVariants(c, t, options).status).toBe("INVALID_INPUT");
  });

  it("NUMERICAL_ERROR when the delta method overflows", () => {
    const r = compareVariants(mean(10, 1e-300, 1e-300), mean(10, 20, 100), { metricType: "mean" });
    expect(r.status).toBe("NUMERICAL_ERROR");
    expectAllFinite(r);
  });
});
