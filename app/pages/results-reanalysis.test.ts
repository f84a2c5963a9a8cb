import { describe, expect, it } from "vitest";
import { analyze } from "#app/services/analyze";
import { CUPED_MEAN_ARMS } from "#app/stats/experiment/test-utils";
import { buildResultsDocument } from "#jobs/results-document";
import { analyzeRequestSchema } from "#lib/contracts/analyze";
import type { ExperimentSettings } from "#lib/contracts/experiments";
import { type ResultsDocument, resultsSchema } from "#lib/contracts/results";
import { reanalyse, reanalysisFor } from "./results-reanalysis";

// Per arm: the CUPED mean metric's sums, the proportion's [Σy, Σx, Σy·x] and the ratio's [Σnum, Σden].
const ARMS = [
  {
    key: "control",
    id: 1,
    weight: 0.5,
    spend: CUPED_MEAN_ARMS.control,
    applied: [95, 90, 40],
    clicks: [410, 1900],
  },
  {
    key: "treatment",
    id: 2,
    weight: 0.5,
    spend: CUPED_MEAN_ARMS.treatment,
    applied: [120, 88, 45],
    clicks: [455, 1850],
  },
] as const;

/** A stored snapshot (through JSON and the published schema) of a CUPED mean, a proportion and a ratio metric. */
function storedDocument(settings: Partial<ExperimentSettings> = {}): ResultsDocument {
  const withCuped = settings.cuped ?? true;
  const covariates = (s: (typeof ARMS)[number]["spend"]) =>
    withCuped
      ? {
          covariateSum: s.covariateSum,
          covariateSumSquares: s.covariateSumSquares,
          covariateSumProduct: s.covariateSumProduct,
        }
      : {};
  const doc = buildResultsDocument({
    experimentKey: "switch",
    asOf: new Date("2026-01-10T00:00:00Z"),
    computedAt: new Date("2026-01-10T00:05:00Z"),
    settings: {
      engine: "frequentist",
      alpha: 0.05,
      sequential: true,
      correction: "holm",
      cuped: withCuped,
      ...settings,
    },
    variants: ARMS.map(({ key, id, weight }) => ({ key, id, weight })),
    metrics: [
      { key: "spend", role: "primary", type: "mean", higherIsBetter: true },
      { key: "applied", role: "secondary", type: "proportion", higherIsBetter: true },
      { key: "ctr", role: "guardrail", type: "ratio", higherIsBetter: true },
    ],
    sums: [
      new Map(
        ARMS.map((a) => [
          a.id,
          { n: a.spend.n, sum: a.spend.sum, sumSquares: a.spend.sumSquares, ...covariates(a.spend) },
        ]),
      ),
      new Map(
        ARMS.map((a) => {
          const [y, x, xy] = a.applied;
          const pre = withCuped ? { covariateSum: x, covariateSumSquares: x, covariateSumProduct: xy } : {};
          return [a.id, { n: a.spend.n, sum: y, sumSquares: y, ...pre }];
        }),
      ),
      new Map(
        ARMS.map((a) => [
          a.id,
          {
            n: a.spend.n,
            sum: a.clicks[0],
            sumSquares: a.clicks[0] * 1.4,
            denominatorSum: a.clicks[1],
            denominatorSumSquares: a.clicks[1] * 2.3,
            sumProduct: a.clicks[0] * 2.1,
          },
        ]),
      ),
    ],
    units: new Map(ARMS.map((a) => [a.id, a.spend.n])),
    unitsPerDay: [],
    assignmentConflicts: 0,
    unassignedEvents: 0,
    outsideWindow: { assignmentsBeforeStart: 0, assignmentsAfterStop: 0, eventsAfterStop: 0 },
  });
  return resultsSchema.parse(JSON.parse(JSON.stringify(doc)));
}

/** POST /analyze's answer for one metric of the document, from the sums it stores. */
function analyzeMetric(
  doc: ResultsDocument,
  metric: number,
  engine: "frequentist" | "bayesian",
  cuped: boolean,
) {
  const m = doc.metrics[metric];
  if (!m) throw new Error(`no metric ${metric}`);
  return analyze(
    analyzeRequestSchema.parse({
      metricType: m.type,
      engine,
      cuped: cuped && m.type !== "ratio",
      higherIsBetter: m.higherIsBetter,
      alpha: doc.settings.alpha,
      variants: m.variants.map((v) => {
        const { covariateSum, covariateSumSquares, covariateSumProduct, ...plain } = v.sums ?? {
          n: 0,
          sum: 0,
        };
        const covariate = { covariateSum, covariateSumSquares, covariateSumProduct };
        return { key: v.variant, ...plain, ...(cuped && m.type !== "ratio" ? covariate : {}) };
      }),
    }),
  );
}

describe("re-analysing a stored results document from its sums", () => {
  it("stores every arm's sums, covariates only with CUPED", () => {
    const doc = storedDocument();
    expect(doc.metrics[0]?.variants[0]?.sums).toEqual({ ...CUPED_MEAN_ARMS.control });
    expect(doc.metrics[2]?.variants[1]?.sums).toMatchObject({ n: 900, sum: 455, denominatorSum: 1850 });
    expect(storedDocument({ cuped: false }).metrics[0]?.variants[1]?.sums).not.toHaveProperty("covariateSum");
  });

  it("reproduces the stored document exactly with the stored engine and CUPED", () => {
    for (const settings of [{}, { engine: "bayesian", correction: "none", sequential: false } as const]) {
      const doc = storedDocument(settings);
      expect(reanalyse(doc, { engine: doc.engine, cuped: doc.settings.cuped })).toEqual(doc);
    }
  });

  it("switched to Bayesian, gives POST /analyze's chance to win, risk and interval for the same sums", () => {
    const doc = storedDocument();
    const bayesian = reanalyse(doc, { engine: "bayesian", cuped: true });
    expect(bayesian.engine).toBe("bayesian");
    expect(bayesian.settings).toMatchObject({ engine: "bayesian", correction: "holm", sequential: true });
    doc.metrics.forEach((_, i) => {
      const [, expected] = analyzeMetric(doc, i, "bayesian", true).variants;
      const got = bayesian.metrics[i]?.variants[1];
      expect(got?.chanceToWin).toEqual(expect.any(Number));
      expect(got?.chanceToWin).toBe(expected?.chanceToWin);
      expect(got?.risk).toEqual(expected?.risk);
      expect([got?.relativeLift, got?.ciLow, got?.ciHigh]).toEqual([
        expected?.relativeLift,
        expected?.ciLow,
        expected?.ciHigh,
      ]);
      expect(got?.pValue).toBeNull();
      expect(got).not.toHaveProperty("adjustedPValue");
    });
  });

  it("switched to frequentist without CUPED, gives POST /analyze's raw p-values and unadjusted lifts", () => {
    const doc = storedDocument({ engine: "bayesian", correction: "none", sequential: false });
    const plain = reanalyse(doc, { engine: "frequentist", cuped: false });
    doc.metrics.forEach((_, i) => {
      const [, expected] = analyzeMetric(doc, i, "frequentist", false).variants;
      const got = plain.metrics[i]?.variants[1];
      expect([got?.pValue, got?.relativeLift, got?.ciLow, got?.ciHigh]).toEqual([
        expected?.pValue,
        expected?.relativeLift,
        expected?.ciLow,
        expected?.ciHigh,
      ]);
      expect(got?.pValue).toEqual(expect.any(Number));
      expect(got).not.toHaveProperty("varianceReduction");
      expect(got).not.toHaveProperty("chanceToWin");
    });
  });

  it("keeps the stored split, health and data quality, which no engine changes", () => {
    const doc = storedDocument();
    const {
      metrics: _m,
      engine: _e,
      settings: _s,
      ...rest
    } = reanalyse(doc, { engine: "bayesian", cuped: false });
    const { metrics: _m2, engine: _e2, settings: _s2, ...stored } = doc;
    expect(rest).toEqual(stored);
  });
});

describe("the page's engine and CUPED choice", () => {
  const params = (query: string) => new URLSearchParams(query);

  it("shows the stored document when the search params match it, are missing or are not understood", () => {
    const doc = storedDocument();
    for (const query of ["", "engine=frequentist&cuped=on", "engine=nope&cuped=maybe"]) {
      const r = reanalysisFor(doc, params(query));
      expect(r.document).toBe(doc);
      expect(r.shown).toEqual({ engine: "frequentist", cuped: true });
      expect(r.disabledReason).toBeNull();
    }
  });

  it("re-analyses for ?engine=bayesian&cuped=off", () => {
    const r = reanalysisFor(storedDocument(), params("engine=bayesian&cuped=off"));
    expect(r.stored).toEqual({ engine: "frequentist", cuped: true });
    expect(r.shown).toEqual({ engine: "bayesian", cuped: false });
    expect(r.document.metrics[0]?.variants[1]?.chanceToWin).toBeGreaterThan(0);
  });

  it("offers CUPED on only when covariate sums are stored", () => {
    const r = reanalysisFor(storedDocument({ cuped: false }), params("engine=bayesian&cuped=on"));
    expect(r.cupedReason).toMatch(/only when the experiment runs with CUPED/);
    expect(r.shown).toEqual({ engine: "bayesian", cuped: false });
  });

  it("turns the switch off, with a reason, for a snapshot stored before the sums were", () => {
    const doc = storedDocument();
    const old = {
      ...doc,
      metrics: doc.metrics.map((m) => ({ ...m, variants: m.variants.map(({ sums: _, ...v }) => v) })),
    };
    const r = reanalysisFor(old, params("engine=bayesian"));
    expect(r.document).toBe(old);
    expect(r.shown.engine).toBe("frequentist");
    expect(r.disabledReason).toMatch(/predates stored sums/);
  });
});
