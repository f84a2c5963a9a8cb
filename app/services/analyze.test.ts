import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type AnalyzeRequestInput,
  analyzeRequestSchema,
  analyzeResponseSchema,
} from "#lib/contracts/analyze";
import { analyze } from "./analyze";
import { sequentialOption } from "#lib/contracts/experiments";
import { expectClose } from "#app/stats/expect-close";
import { expectAllFinite } from "#app/stats/experiment/test-utils";

// Reference values: scripts/reference/experiment_analyze.py (delta-method relative lift at the Welch
// df with scipy.stats.t, Holm via statsmodels multipletests, SRM via scipy.stats.chisquare, Bayesian
// summaries via scipy.stats.norm and scipy.integrate.quad).
const MEAN_HOLM = {
  variants: [
    { key: "control", n: 1000, sum: 10020.768359343678, sumSquares: 192270.1124113553 },
    { key: "b", n: 1040, sum: 11744.484072240311, sumSquares: 258753.0062361077 },
    { key: "c", n: 960, sum: 9939.798720797206, sumSquares: 216288.61797512064 },
  ],
  controlMean: 10.020768359343677,
  rows: [
    {
      key: "b",
      mean: 11.292773146384915,
      absoluteDiff: 1.2720047870412383,
      relativeLift: 0.12693685168914026,
      ciLow: 0.032368859105752684,
      ciHigh: 0.22150484427252784,
      pValue: 0.008542992090742583,
      adjustedPValue: 0.017085984181485166,
    },
    {
      key: "c",
      mean: 10.353957000830423,
      absoluteDiff: 0.3331886414867462,
      relativeLift: 0.033249809748977066,
      ciLow: -0.05882079835353711,
      ciHigh: 0.12532041785149123,
      pValue: 0.4788710001615921,
      adjustedPValue: 0.4788710001615921,
    },
  ],
  srm: { pValue: 0.2018965179946554, flagged: false },
};

const PROPORTION_BAYES = {
  variants: [
    { key: "control", n: 9000, sum: 1813 },
    { key: "treatment", n: 1000, sum: 251 },
  ],
  row: {
    absoluteDiff: 0.04955555555555555,
    relativeLift: 0.24600110314396018,
    ciLow: 0.021433463780559225,
    ciHigh: 0.07767764733055187,
    chanceToWin: 0.999723590849475,
    risk: { control: 0.0495565631116657, variant: 1.0075561101443818e-6 },
  },
  srm: { pValue: 1.0, flagged: false },
};

function run(input: AnalyzeRequestInput) {
  const request = analyzeRequestSchema.parse(input);
  const response = analyze(request);
  // The response must satisfy its own published schema and never contain NaN/Infinity.
  expect(analyzeResponseSchema.safeParse(response).success).toBe(true);
  expectAllFinite(response);
  return response;
}

describe("analyze: end-to-end against scipy / statsmodels", () => {
  it("mean metric, three variants, relative lift with Holm correction and SRM", () => {
    const response = run({ metricType: "mean", correction: "holm", variants: MEAN_HOLM.variants });
    const [control, ...rows] = response.variants;
    expect(control).toEqual({ key: "control", n: 1000, mean: expect.any(Number) });
    expectClose(control?.mean, MEAN_HOLM.controlMean, 1e-12);
    expect(rows).toHaveLength(2);
    MEAN_HOLM.rows.forEach((expected, i) => {
      const row = rows[i];
      if (!row) throw new Error("missing row");
      expect(row.key).toBe(expected.key);
      expect(row.status).toBe("ok");
      for (const field of [
        "mean",
        "absoluteDiff",
        "relativeLift",
        "ciLow",
        "ciHigh",
        "pValue",
        "adjustedPValue",
      ] as const) {
        expectClose(row[field], expected[field]);
      }
      expect(row).not.toHaveProperty("chanceToWin");
      expect(row).not.toHaveProperty("varianceReduction");
    });
    expectClose(response.srm?.pValue, MEAN_HOLM.srm.pValue);
    expect(response.srm?.flagged).toBe(false);
  });

  it("proportion metric, Bayesian engine, absolute difference, 90/10 weights", () => {
    const response = run({
      metricType: "proportion",
      engine: "bayesian",
      difference: "absolute",
      weights: [90, 10],
      variants: PROPORTION_BAYES.variants,
    });
    const row = response.variants[1];
    if (!row) throw new Error("missing row");
    expect(row.status).toBe("ok");
    expect(row.pValue).toBeNull();
    expect(row).not.toHaveProperty("adjustedPValue");
    const expected = PROPORTION_BAYES.row;
    expectClose(row.absoluteDiff, expected.absoluteDiff);
    expectClose(row.relativeLift, expected.relativeLift);
    expectClose(row.ciLow, expected.ciLow);
    expectClose(row.ciHigh, expected.ciHigh);
    expectClose(row.chanceToWin, expected.chanceToWin);
    expectClose(row.risk?.control, expected.risk.control);
    expectClose(row.risk?.variant, expected.risk.variant);
    expectClose(response.srm?.pValue, 1, 1e-12);
  });

  it("CUPED reports the variance reduction; failures carry a status with null numbers", () => {
    const response = run({
      metricType: "proportion",
      cuped: true,
      correction: "bh",
      variants: [
        { key: "control", n: 3100, sum: 705, covariateSum: 915, covariateSumProduct: 483 },
        { key: "treatment", n: 3000, sum: 798, covariateSum: 946, covariateSumProduct: 541 },
        { key: "empty", n: 1, sum: 0, covariateSum: 0, covariateSumProduct: 0 },
      ],
    });
    const [, treatment, empty] = response.variants;
    // experiment_cuped.py, proportion case (relative).
    expectClose(treatment?.varianceReduction, 0.21587058768547895);
    expectClose(treatment?.ciLow, 0.03970469979513486);
    expectClose(treatment?.adjustedPValue, 0.004905452162703289);
    expect(empty).toMatchObject({
      status: "NOT_ENOUGH_DATA",
      ciLow: null,
      pValue: null,
      adjustedPValue: null,
    });
    expect(response.srm?.flagged).toBe(true);
  });

  it("sequential mode widens the interval (experiment_sequential.py, proportion case)", () => {
    const response = run({
      metricType: "proportion",
      difference: "absolute",
      sequential: {},
      variants: [
        { key: "control", n: 2500, sum: 235 },
        { key: "treatment", n: 2400, sum: 290 },
      ],
    });
    const row = response.variants[1];
    expectClose(row?.ciLow, -3.060095349177727e-5, 1e-8);
    expectClose(row?.ciHigh, 0.053697267620158445, 1e-8);
    expectClose(row?.pValue, 0.05046686566942399, 1e-8);
  });

  it("reports zero units without SRM p-value", () => {
    const response = run({
      metricType: "mean",
      variants: [
        { key: "a", n: 0, sum: 0, sumSquares: 0 },
        { key: "b", n: 0, sum: 0, sumSquares: 0 },
      ],
    });
    expect(response.variants[0]).toEqual({ key: "a", n: 0, mean: null });
    expect(response.variants[1]).toMatchObject({ status: "NOT_ENOUGH_DATA", mean: null });
    expect(response.srm).toEqual({ pValue: null, flagged: false });
  });
});

describe("analyzeRequestSchema", () => {
  const ok = {
    metricType: "mean",
    variants: [
      { key: "control", n: 10, sum: 20, sumSquares: 50 },
      { key: "treatment", n: 12, sum: 30, sumSquares: 90 },
    ],
  };

  function issuePaths(input: unknown): string[] {
    const result = analyzeRequestSchema.safeParse(input);
    if (result.success) return [];
    return result.error.issues.map((issue) => issue.path.join("."));
  }

  it("applies the documented defaults", () => {
    expect(analyzeRequestSchema.parse(ok)).toMatchObject({
      engine: "frequentist",
      difference: "relative",
      alpha: 0.05,
      cuped: false,
      higherIsBetter: true,
      correction: "none",
    });
    expect(sequentialOption(analyzeRequestSchema.parse({ ...ok, sequential: {} }).sequential)).toEqual({
      tuning: 5000,
    });
    expect(sequentialOption(analyzeRequestSchema.parse({ ...ok, sequential: true }).sequential)).toEqual({
      tuning: 5000,
    });
  });

  it("points each error at the offending field", () => {
    const ratio = {
      metricType: "ratio",
      variants: [
        {
          key: "control",
          n: 10,
          sum: 2,
          sumSquares: 2,
          denominatorSum: 5,
          denominatorSumSquares: 9,
          sumProduct: 3,
        },
        { key: "t", n: 10, sum: 2, sumSquares: 2, denominatorSumSquares: 9 },
      ],
    };
    expect(issuePaths(ratio)).toEqual(["variants.1.denominatorSum", "variants.1.sumProduct"]);

    const cuped = { ...ok, cuped: true, variants: [ok.variants[0], { ...ok.variants[1], covariateSum: 3 }] };
    expect(issuePaths(cuped)).toEqual([
      "variants.0.covariateSum",
      "variants.0.covariateSumProduct",
      "variants.0.covariateSumSquares",
      "variants.1.covariateSumProduct",
      "variants.1.covariateSumSquares",
    ]);

    expect(issuePaths({ ...ok, variants: [ok.variants[0], { ...ok.variants[1], key: "control" }] })).toEqual([
      "variants.1.key",
    ]);
    expect(issuePaths({ ...ok, variants: [ok.variants[0], { ...ok.variants[1], key: "Bad Key" }] })).toEqual([
      "variants.1.key",
    ]);
    expect(issuePaths({ ...ok, variants: [ok.variants[0], { ...ok.variants[1], n: 1.5 }] })).toEqual([
      "variants.1.n",
    ]);
    expect(
      issuePaths({ ...ok, variants: [ok.variants[0], { ...ok.variants[1], sumSquares: undefined }] }),
    ).toEqual(["variants.1.sumSquares"]);
    expect(issuePaths({ ...ok, variants: [ok.variants[0], { ...ok.variants[1], sumSquares: 10 }] })).toEqual([
      "variants.1.sumSquares",
    ]);
    expect(
      issuePaths({ ...ok, variants: [ok.variants[0], { ...ok.variants[1], denominatorSum: 1 }] }),
    ).toEqual(["variants.1.denominatorSum"]);
    expect(issuePaths({ ...ok, variants: [ok.variants[0], { ...ok.variants[1], extra: 1 }] })).toEqual([
      "variants.1",
    ]);
    expect(
      issuePaths({
        metricType: "proportion",
        variants: [
          { key: "a", n: 10, sum: 11 },
          { key: "b", n: 10, sum: 1, sumSquares: 2 },
        ],
      }),
    ).toEqual(["variants.0.sum", "variants.1.sumSquares"]);
    expect(
      issuePaths({ ...ok, variants: [{ key: "a", n: 0, sum: 1, sumSquares: 1 }, ok.variants[1]] }),
    ).toEqual(["variants.0.sum", "variants.0.sumSquares"]);
  });

  it("rejects contradictory or out-of-range options", () => {
    expect(issuePaths({ ...ok, weights: [1] })).toEqual(["weights"]);
    expect(issuePaths({ ...ok, weights: [1, 0] })).toEqual(["weights.1"]);
    expect(issuePaths({ ...ok, alpha: 0 })).toEqual(["alpha"]);
    expect(issuePaths({ ...ok, alpha: 0.7 })).toEqual(["alpha"]);
    expect(issuePaths({ ...ok, engine: "bayesian", sequential: {} })).toEqual(["sequential"]);
    expect(issuePaths({ ...ok, engine: "bayesian", correction: "holm" })).toEqual(["correction"]);
    expect(issuePaths({ ...ok, prior: { mean: 0, variance: 1 } })).toEqual(["prior"]);
    expect(issuePaths({ ...ok, engine: "bayesian", prior: { mean: 0, variance: 0 } })).toEqual([
      "prior.variance",
    ]);
    expect(
      issuePaths({
        metricType: "ratio",
        cuped: true,
        variants: [
          {
            key: "a",
            n: 2,
            sum: 1,
            sumSquares: 1,
            denominatorSum: 2,
            denominatorSumSquares: 2,
            sumProduct: 1,
          },
          {
            key: "b",
            n: 2,
            sum: 1,
            sumSquares: 1,
            denominatorSum: 2,
            denominatorSumSquares: 2,
            sumProduct: 1,
          },
        ],
      }),
    ).toContain("cuped");
    expect(issuePaths({ ...ok, variants: [ok.variants[0]] })).toEqual(["variants"]);
    expect(
      issuePaths({
        ...ok,
        variants: Array.from({ length: 11 }, (_, i) => ({ ...ok.variants[0], key: `v${i}` })),
      }),
    ).toEqual(["variants"]);
    expect(issuePaths({ ...ok, unknown: true })).toEqual([""]);
  });

  it("converts to JSON Schema for the OpenAPI document", () => {
    const request = z.toJSONSchema(analyzeRequestSchema, { io: "input" }) as {
      properties: Record<string, unknown>;
    };
    const response = z.toJSONSchema(analyzeResponseSchema) as { properties: Record<string, unknown> };
    expect(Object.keys(request.properties)).toContain("variants");
    expect(Object.keys(response.properties)).toEqual(["variants", "srm"]);
  });

  it("rejects non-finite numbers", () => {
    expect(
      issuePaths({ ...ok, variants: [ok.variants[0], { ...ok.variants[1], sum: Number.POSITIVE_INFINITY }] }),
    ).toEqual(["variants.1.sum"]);
    expect(issuePaths({ ...ok, variants: [ok.variants[0], { ...ok.variants[1], sum: Number.NaN }] })).toEqual(
      ["variants.1.sum"],
    );
  });
});
