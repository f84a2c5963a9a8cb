import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze } from "#app/services/analyze";
import { analyzeRequestSchema } from "#lib/contracts/analyze";
import { CUPED_MEAN_ARMS } from "#app/stats/experiment/test-utils";
import { buildResultsDocument } from "#jobs/results-document";
import { drivers, startTestApp, type TestApp } from "#test/harness";

// A 3-arm CUPED mean metric (y = spend, x = spend in the 14 days before assignment).
const THREE_ARMS = [
  { key: "control", ...CUPED_MEAN_ARMS.control },
  { key: "blue", ...CUPED_MEAN_ARMS.treatment },
  {
    key: "green",
    n: 930,
    sum: 10790.1,
    sumSquares: 171702.4,
    covariateSum: 10402.3,
    covariateSumSquares: 162501.7,
    covariateSumProduct: 158120.9,
  },
];

/** The results job's document for the same sums and settings, through the job's own builder. */
function jobDocument(settings: { engine: "frequentist" | "bayesian"; correction: "none" | "holm" | "bh" }) {
  const variants = THREE_ARMS.map((arm, i) => ({ key: arm.key, id: i + 1, weight: 1 / 3 }));
  return buildResultsDocument({
    experimentKey: "parity",
    asOf: new Date("2026-01-10T00:00:00Z"),
    computedAt: new Date("2026-01-10T00:00:00Z"),
    settings: { ...settings, alpha: 0.05, sequential: false, cuped: true },
    variants,
    metrics: [{ key: "spend", role: "primary", type: "mean", higherIsBetter: true }],
    sums: [new Map(THREE_ARMS.map(({ key: _, ...sums }, i) => [i + 1, sums]))],
    units: new Map(THREE_ARMS.map((arm, i) => [i + 1, arm.n])),
    unitsPerDay: [],
    assignmentConflicts: 0,
    unassignedEvents: 0,
    outsideWindow: { assignmentsBeforeStart: 0, assignmentsAfterStop: 0, eventsAfterStop: 0 },
  });
}

describe.each(drivers)("analyze API on %s", (driver) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  afterAll(() => app.stop());

  const body = {
    metricType: "proportion",
    variants: [
      { key: "control", n: 10_000, sum: 1_000 },
      { key: "treatment", n: 10_000, sum: 1_100 },
    ],
  };

  it("answers with the engine's numbers for any valid key", async () => {
    const res = await app.api("POST", "/api/v1/analyze", { key: app.ingestKey, body });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(analyze(analyzeRequestSchema.parse(body)))));
    const treatment = res.body.variants[1];
    expect(treatment.relativeLift).toBeCloseTo(0.1, 12);
    expect(treatment.status).toBe("ok");
    expect(treatment.pValue).toBeGreaterThan(0);
    expect(treatment.pValue).toBeLessThan(0.05);
  });

  it("requires a key and rejects invalid input with field paths", async () => {
    expect((await app.api("POST", "/api/v1/analyze", { key: null, body })).status).toBe(401);
    const res = await app.api("POST", "/api/v1/analyze", {
      body: {
        metricType: "ratio",
        variants: [
          { key: "a", n: 10, sum: 3 },
          { key: "b", n: -1, sum: 2 },
        ],
      },
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain("variants[1].n");
    expect(paths.some((p: string) => p.startsWith("variants[0].denominator"))).toBe(true);
  });

  it("refuses sums no data could produce, naming each field, instead of answering NaN", async () => {
    const res = await app.api("POST", "/api/v1/analyze", {
      key: app.ingestKey,
      body: {
        metricType: "ratio",
        cuped: false,
        variants: [
          {
            key: "a",
            n: 1e13,
            sum: 1e28,
            sumSquares: 1e43,
            denominatorSum: -2e27,
            denominatorSumSquares: 1,
            sumProduct: -1e43,
          },
          {
            key: "b",
            n: 1.5,
            sum: 1e154,
            sumSquares: 1e308,
            denominatorSum: 1,
            denominatorSumSquares: 1,
            sumProduct: 1,
          },
        ],
      },
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(
      [
        "variants[0].n",
        "variants[0].sum",
        "variants[0].sumSquares",
        "variants[0].denominatorSum",
        "variants[0].sumProduct",
        "variants[1].n",
        "variants[1].sum",
        "variants[1].sumSquares",
      ].sort(),
    );
    // At the bounds it still answers with numbers.
    const edge = await app.api("POST", "/api/v1/analyze", {
      key: app.ingestKey,
      body: {
        metricType: "mean",
        variants: [
          { key: "a", n: 1e12, sum: 1e27, sumSquares: 1e42 },
          { key: "b", n: 1e12, sum: -1e27, sumSquares: 1e42 },
        ],
      },
    });
    expect(edge.status).toBe(200);
    expect(Number.isFinite(edge.body.variants[1].absoluteDiff)).toBe(true);
  });

  for (const settings of [
    { engine: "frequentist", correction: "holm" },
    { engine: "bayesian", correction: "none" },
  ] as const) {
    it(`publishes the same comparison as the results job for the same sums (${settings.engine}, CUPED, 3 arms)`, async () => {
      const res = await app.api("POST", "/api/v1/analyze", {
        key: app.ingestKey,
        body: {
          metricType: "mean",
          cuped: true,
          engine: settings.engine,
          correction: settings.correction,
          weights: [1, 1, 1],
          variants: THREE_ARMS,
        },
      });
      expect(res.status).toBe(200);
      const document = jobDocument(settings);
      const published = document.metrics[0]?.variants ?? [];
      expect(published).toHaveLength(3);
      expect(res.body.variants[0]).toEqual({ key: "control", n: 950, mean: published[0]?.mean });
      for (const [i, api] of res.body.variants.slice(1).entries()) {
        const job = published[i + 1];
        const fields = ["mean", "absoluteDiff", "relativeLift", "ciLow", "ciHigh", "pValue", "status"];
        fields.push(settings.engine === "bayesian" ? "chanceToWin" : "adjustedPValue", "varianceReduction");
        if (settings.engine === "bayesian") fields.push("risk");
        for (const field of fields) {
          expect({ field, value: api[field] }).toEqual({ field, value: job?.[field as keyof typeof job] });
        }
        expect(api.status).toBe("ok");
      }
      expect(res.body.srm.pValue).toBe(document.srm.pValue);
    });
  }

  it("takes sequential as true or { tuning }, as experiment settings do", async () => {
    const answer = async (sequential: unknown) =>
      (await app.api("POST", "/api/v1/analyze", { key: app.ingestKey, body: { ...body, sequential } })).body;
    const asTrue = await answer(true);
    expect(asTrue.variants[1].status).toBe("ok");
    expect(await answer({})).toEqual(asTrue);
    expect(await answer({ tuning: 5000 })).toEqual(asTrue);
    expect((await answer({ tuning: 50_000 })).variants[1].ciLow).not.toBe(asTrue.variants[1].ciLow);
    expect(await answer(false)).toEqual(await answer(undefined));
    const bayesian = await app.api("POST", "/api/v1/analyze", {
      key: app.ingestKey,
      body: { ...body, engine: "bayesian", sequential: true },
    });
    expect(bayesian.status).toBe(400);
  });
});
