import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PredictionsBatch } from "#lib/contracts/models";
import { silentLogger } from "#lib/log";
import { createModel } from "#app/services/models.server";
import { ingestLabels, ingestPredictions } from "#app/services/predictions.server";
import { expectClose } from "#app/stats/expect-close";
import { mulberry32 } from "#app/stats/experiment";
import { brierScore } from "#app/stats/performance/brier";
import { calibration } from "#app/stats/performance/calibration";
import { logLoss } from "#app/stats/performance/log-loss";
import { type RankedItem, rankingMetrics } from "#app/stats/performance/ranking";
import { regressionMetrics } from "#app/stats/performance/regression";
import { rocAuc } from "#app/stats/performance/roc-auc";
import { thresholdMetrics } from "#app/stats/performance/threshold-metrics";
import { modelPerformanceJob } from "#jobs/model-performance";
import { drivers, startTestApp, type TestApp } from "#test/harness";

const DAY = 86400_000;
const T0 = Date.UTC(2026, 9, 1);
/** Day 3, 12:00: day 3 is partial and day 2 has no predictions at all. */
const NOW = new Date(T0 + 3 * DAY + 12 * 3600_000);
const DATA_DAYS = [0, 1, 3];

interface Row {
  id: string;
  model: string;
  ts: Date;
  score: number;
  label: number | null;
  query?: string;
  rank?: number;
}

/** Seeded data for a classifier (tied scores, 20% unlabelled), a regressor and a ranker. */
function generate(): Row[] {
  const rand = mulberry32(7);
  const rows: Row[] = [];
  const at = (day: number) => new Date(T0 + day * DAY + Math.floor(rand() * DAY));
  for (const day of DATA_DAYS) {
    for (let i = 0; i < 400; i++) {
      // Two decimals: many ties, and scores exactly on the calibration bin edges.
      const score = Math.round(rand() * 100) / 100;
      const label = rand() < 0.8 ? (rand() < score ** 1.3 ? 1 : 0) : null;
      if (i === 0) {
        // A confident miss: log loss depends on the clipping.
        rows.push({ id: `c${day}-miss`, model: "churn", ts: at(day), score: 0, label: 1 });
      }
      rows.push({ id: `c${day}-${i}`, model: "churn", ts: at(day), score, label });
    }
    for (let i = 0; i < 300; i++) {
      const y = i === 0 ? 0 : 100 + 40 * rand();
      rows.push({
        id: `r${day}-${i}`,
        model: "price",
        ts: at(day),
        score: y + 15 * (rand() - 0.4),
        label: y,
      });
    }
    for (let q = 0; q < 40; q++) {
      const ts = at(day);
      const length = 3 + Math.floor(rand() * 10);
      const ranked = q % 4 !== 0;
      const unlabelled = q === 39;
      for (let pos = 1; pos <= length; pos++) {
        rows.push({
          id: `s${day}-${q}-${pos}`,
          model: "search",
          ts,
          score: ranked ? 10 - pos + rand() : rand(),
          label: unlabelled ? null : rand() < 0.7 ? 0 : 1 + Math.floor(rand() * 3),
          query: `q${day}-${q}`,
          ...(ranked ? { rank: pos } : {}),
        });
      }
    }
  }
  return rows;
}

async function ingest(app: TestApp, rows: Row[], version = "v1") {
  for (let start = 0; start < rows.length; start += 5000) {
    const chunk = rows.slice(start, start + 5000);
    const predictions: PredictionsBatch["predictions"] = chunk.map((r) => ({
      id: r.id,
      model: r.model,
      version,
      timestamp: r.ts,
      score: r.score,
      ...(r.query ? { query: r.query } : {}),
      ...(r.rank ? { rank: r.rank } : {}),
    }));
    await ingestPredictions(app.db.handle, { predictions }, NOW);
    const labels = chunk.flatMap((r) => (r.label === null ? [] : [{ predictionId: r.id, label: r.label }]));
    if (labels.length > 0) await ingestLabels(app.db.handle, { labels }, NOW);
  }
}

type Expected = Record<string, number | null>;

/** The raw rows of one model and day that the job may see (nothing after NOW). */
function windowRows(rows: Row[], model: string, day: number) {
  const start = T0 + day * DAY;
  const end = Math.min(start + DAY, NOW.getTime());
  return rows.filter((r) => r.model === model && r.ts.getTime() >= start && r.ts.getTime() < end);
}

function coverage(rows: Row[]): number | null {
  return rows.length ? rows.filter((r) => r.label !== null).length / rows.length : null;
}

/** What the metrics must be, computed from the raw rows with the engine's raw-data functions. */
function expectedClassification(rows: Row[]): Expected {
  const labelled = rows.filter((r) => r.label !== null);
  const y = labelled.map((r) => r.label ?? 0);
  const p = labelled.map((r) => r.score);
  const t = thresholdMetrics(y, p);
  return {
    label_coverage: coverage(rows),
    auc: rocAuc(y, p).auc,
    log_loss: logLoss(y, p).logLoss,
    brier: brierScore(y, p).brier,
    accuracy: t.accuracy,
    precision: t.precision,
    recall: t.recall,
    f1: t.f1,
    ece: calibration(y, p).ece,
  };
}

function expectedRegression(rows: Row[]): Expected {
  const labelled = rows.filter((r) => r.label !== null);
  const m = regressionMetrics(
    labelled.map((r) => r.label ?? 0),
    labelled.map((r) => r.score),
  );
  return { label_coverage: coverage(rows), rmse: m.rmse, mae: m.mae, mape: m.mape, r2: m.r2 };
}

function expectedRanking(rows: Row[]): Expected {
  const queries = new Map<string, RankedItem[]>();
  for (const r of rows.filter((row) => row.label !== null)) {
    const items = queries.get(r.query ?? "") ?? [];
    items.push({ ...(r.rank ? { rank: r.rank } : {}), score: r.score, relevance: r.label ?? 0 });
    queries.set(r.query ?? "", items);
  }
  const out: Expected = { label_coverage: coverage(rows) };
  for (const k of [5, 10]) {
    const m = rankingMetrics([...queries.values()], k);
    Object.assign(out, {
      [`ndcg@${k}`]: m.ndcg,
      [`mrr@${k}`]: m.mrr,
      [`precision@${k}`]: m.precision,
      [`recall@${k}`]: m.recall,
      [`map@${k}`]: m.map,
      [`hit_rate@${k}`]: m.hitRate,
      [`queries@${k}`]: m.evaluatedQueries,
    });
  }
  return out;
}

describe.each(drivers)("model-performance job on %s", (driver) => {
  let app: TestApp;
  const data = generate();
  const run = (now = NOW) => modelPerformanceJob.run({ db: app.db.handle, now, log: silentLogger });
  const snapshots = async (model: string) =>
    app.db.handle.rows<Record<string, unknown>>(sql`
      select s.id::int as id, s.metric, s.k, s.value, s.count, s.details::text as details,
        to_char(s.window_start at time zone 'UTC', 'YYYY-MM-DD') as day, s.computed_at::text as computed_at
      from performance_snapshots s
      join model_versions v on v.id = s.version_id join models m on m.id = v.model_id
      where m.key = ${model}
      order by s.window_start, s.metric, s.k`);
  /** The job's values of one model and day, keyed like the expectations (`ndcg@5`). */
  const actual = async (model: string, day: number) => {
    const date = new Date(T0 + day * DAY).toISOString().slice(0, 10);
    const rows = (await snapshots(model)).filter((r) => r.day === date);
    return Object.fromEntries(
      rows.map((r) => [
        Number(r.k) ? `${r.metric}@${r.k}` : String(r.metric),
        r.value === null ? null : Number(r.value),
      ]),
    );
  };
  const expectMetricsClose = (got: Record<string, number | null>, want: Expected) => {
    for (const [metric, value] of Object.entries(want)) {
      if (metric.startsWith("queries@")) continue;
      if (value === null) expect(got[metric], metric).toBeNull();
      else expectClose(got[metric], value, 1e-9, 1e-9, metric);
    }
  };

  beforeAll(async () => {
    app = await startTestApp(driver);
    await createModel(app.db.handle, { key: "churn", name: "Churn", task: "binary_classification" }, NOW);
    await createModel(app.db.handle, { key: "price", name: "Price", task: "regression" }, NOW);
    await createModel(app.db.handle, { key: "search", name: "Search", task: "ranking" }, NOW);
    await ingest(app, data);
  });
  afterAll(() => app.stop());

  it("computes every window's classification metrics exactly as the engine does on the raw rows", async () => {
    const result = await run();
    expect(result).toMatchObject({ itemsOk: 3, itemsFailed: 0 });
    expect(result.rowsScanned).toBe(data.filter((r) => r.ts < NOW).length);
    for (const day of DATA_DAYS)
      expectMetricsClose(await actual("churn", day), expectedClassification(windowRows(data, "churn", day)));
    const ece = (await snapshots("churn")).find((r) => r.metric === "ece");
    const bins = JSON.parse(String(ece?.details)).bins;
    expect(bins).toHaveLength(10);
    expect(bins[0]).toMatchObject({ lower: 0, upper: 0.1 });
  });

  it("computes regression and ranking metrics as the engine does", async () => {
    for (const day of DATA_DAYS) {
      expectMetricsClose(await actual("price", day), expectedRegression(windowRows(data, "price", day)));
      const want = expectedRanking(windowRows(data, "search", day));
      expectMetricsClose(await actual("search", day), want);
      const counts = (await snapshots("search")).filter((r) => r.metric === "ndcg" && Number(r.k) === 5);
      const date = new Date(T0 + day * DAY).toISOString().slice(0, 10);
      expect(Number(counts.find((r) => r.day === date)?.count)).toBe(want["queries@5"]);
    }
  });

  it("writes null metrics for a window without predictions", async () => {
    const empty = await actual("churn", 2);
    expect(Object.keys(empty).sort()).toEqual(
      ["accuracy", "auc", "brier", "ece", "f1", "label_coverage", "log_loss", "precision", "recall"].sort(),
    );
    expect(Object.values(empty).every((v) => v === null)).toBe(true);
  });

  it("leaves identical snapshots when run twice for the same now", async () => {
    const before = await snapshots("search");
    await run();
    expect(await snapshots("search")).toEqual(before);
  });

  it("picks up late labels on the next run", async () => {
    const late = data.filter((r) => r.model === "churn" && r.label === null && r.ts.getTime() < T0 + DAY);
    const labelled = late.map((r) => ({ ...r, label: r.score > 0.5 ? 1 : 0 }));
    await ingestLabels(
      app.db.handle,
      { labels: labelled.map((r) => ({ predictionId: r.id, label: r.label })) },
      NOW,
    );
    await run();
    const updated = data.map((r) => labelled.find((l) => l.id === r.id) ?? r);
    const got = await actual("churn", 0);
    expect(got.label_coverage).toBe(1);
    expectMetricsClose(got, expectedClassification(windowRows(updated, "churn", 0)));
  });

  it("records a failing version as a problem and still computes the others", async () => {
    const bad = data
      .filter((r) => r.model === "search" && r.ts.getTime() < T0 + DAY)
      .map((r) => ({ ...r, id: `bad-${r.id}` }));
    await ingest(app, bad, "v-bad");
    // A rank of 0, which the API refuses, makes the DCG discount divide by zero.
    await app.db.handle.rows(sql`
      update predictions set rank = 0
      where id in (select p.id from predictions p join labels l on l.prediction_id = p.id
                   where p.id like 'bad-%' and p.rank = 1 and l.label > 0)`);
    await app.db.handle.rows(sql`delete from performance_snapshots`);
    const result = await run();
    expect(result.itemsOk).toBe(3);
    expect(result.problems.map((p) => p.item)).toEqual(["model search version v-bad"]);
    expect((await snapshots("churn")).length).toBeGreaterThan(0);
  });
});
