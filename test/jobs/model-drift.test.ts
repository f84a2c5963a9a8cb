import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PredictionsBatch } from "#lib/contracts/models";
import { silentLogger } from "#lib/log";
import { createModel } from "#app/services/models.server";
import { ingestLabels, ingestPredictions } from "#app/services/predictions.server";
import { detectDrift } from "#app/stats/drift/detect";
import { mulberry32 } from "#app/stats/experiment";
import { modelDriftJob } from "#jobs/model-drift";
import type { DriftDetails } from "#jobs/drift-reference-summary";
import { drivers, startTestApp, type TestApp } from "#test/harness";

const DAY = 86400_000;
const T0 = Date.UTC(2026, 9, 1);
const PER_DAY = 1000;
const DAYS = 14;
/** Day 13, 06:00: day 13 is the partial current window. */
const NOW = new Date(T0 + 13 * DAY + 6 * 3600_000);
const DRIFT_CONFIG = {
  thresholds: { "jensen-shannon": 0.15 },
  features: { age: { method: "psi" as const } },
};

type Features = Record<string, number | string | boolean | null>;

/**
 * A seeded fortnight of predictions: `income` shifts by 1.5σ from day 9, `plan` gains a new
 * category from day 10, `tenure` goes half missing from day 11; `age`, `device`, `mobile`, the
 * score and the label stay put.
 */
function generate() {
  const rand = mulberry32(20261001);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const pick = <T>(options: Array<[T, number]>): T => {
    let u = rand();
    for (const [value, p] of options) {
      u -= p;
      if (u < 0) return value;
    }
    return options[options.length - 1]?.[0] as T;
  };
  const rows: Array<{ id: string; ts: Date; score: number; features: Features; label: number }> = [];
  for (let day = 0; day < DAYS; day++) {
    for (let i = 0; i < PER_DAY; i++) {
      const features: Features = {
        age: Math.round((40 + 10 * normal()) * 10) / 10,
        income: Math.round(50_000 + (day >= 9 ? 15_000 : 0) + 10_000 * normal()),
        plan:
          day >= 10
            ? pick([
                ["enterprise", 0.25],
                ["free", 0.45],
                ["pro", 0.225],
                ["team", 0.075],
              ])
            : pick([
                ["free", 0.6],
                ["pro", 0.3],
                ["team", 0.1],
              ]),
        device: pick([
          ["ios", 0.4],
          ["android", 0.4],
          ["web", 0.2],
        ]),
        mobile: rand() < 0.4,
        tenure: Math.floor(rand() * 61),
      };
      if (day >= 11 && rand() < 0.5) {
        if (rand() < 0.5) delete features.tenure;
        else features.tenure = null;
      }
      rows.push({
        id: `d${day}-${i}`,
        ts: new Date(T0 + day * DAY + Math.floor((i / PER_DAY) * DAY)),
        score: rand(),
        features,
        label: rand() < 0.3 ? 1 : 0,
      });
    }
  }
  return rows;
}

async function ingest(app: TestApp, version: string, rows: ReturnType<typeof generate>) {
  for (let start = 0; start < rows.length; start += 5000) {
    const chunk = rows.slice(start, start + 5000);
    const predictions: PredictionsBatch["predictions"] = chunk.map((r) => ({
      id: `${version}-${r.id}`,
      model: "churn",
      version,
      timestamp: r.ts,
      score: r.score,
      features: r.features,
    }));
    await ingestPredictions(app.db.handle, { predictions }, NOW);
    await ingestLabels(
      app.db.handle,
      { labels: chunk.map((r) => ({ predictionId: `${version}-${r.id}`, label: r.label })) },
      NOW,
    );
  }
}

interface SnapshotRow {
  id: number;
  feature: string;
  kind: string;
  window_start: string;
  method: string;
  statistic: number | null;
  p_value: number | null;
  threshold: number;
  drifted: boolean;
  reference_count: number;
  current_count: number;
  status: string;
  details: DriftDetails;
  computed_at: string;
}

describe.each(drivers)("model-drift job on %s", (driver) => {
  let app: TestApp;
  const data = generate();
  const snapshots = async (version = "v1") =>
    (
      await app.db.handle.rows<Record<string, unknown>>(sql`
        select d.id::int as id, d.feature, d.kind, to_char(d.window_start at time zone 'UTC', 'YYYY-MM-DD') as window_start,
          d.method, d.statistic, d.p_value, d.threshold, d.drifted, d.reference_count, d.current_count, d.status,
          d.details::text as details, d.computed_at::text as computed_at
        from drift_snapshots d join model_versions v on v.id = d.version_id
        where v.version = ${version}
        order by d.window_start, d.kind, d.feature`)
    ).map((r) => ({ ...r, details: JSON.parse(String(r.details)) }) as unknown as SnapshotRow);
  const run = (now = NOW, target?: { model?: string }) =>
    modelDriftJob.run({ db: app.db.handle, now, log: silentLogger, target });
  const day = (n: number) => new Date(T0 + n * DAY).toISOString().slice(0, 10);

  beforeAll(async () => {
    app = await startTestApp(driver);
    await createModel(
      app.db.handle,
      { key: "churn", name: "Churn", task: "binary_classification", driftConfig: DRIFT_CONFIG },
      NOW,
    );
    await ingest(app, "v1", data);
  });
  afterAll(() => app.stop());

  it("flags the shifted, new-category and going-missing features from the day they change, and nothing else", async () => {
    const result = await run();
    expect(result).toMatchObject({ itemsOk: 1, itemsFailed: 0, problems: [] });
    const rows = await snapshots();
    // Windows: the UTC days after the 7-day reference, up to the partial day 13.
    expect([...new Set(rows.map((r) => r.window_start))]).toEqual([7, 8, 9, 10, 11, 12, 13].map(day));
    const subjects = [...new Set(rows.map((r) => `${r.kind}:${r.feature}`))].sort();
    expect(subjects).toEqual([
      "feature:age",
      "feature:device",
      "feature:income",
      "feature:mobile",
      "feature:plan",
      "feature:tenure",
      "label:label",
      "score:score",
    ]);
    const driftedDays = (feature: string) =>
      rows.filter((r) => r.feature === feature && r.drifted).map((r) => r.window_start);
    expect(driftedDays("income")).toEqual([9, 10, 11, 12, 13].map(day));
    expect(driftedDays("plan")).toEqual([10, 11, 12, 13].map(day));
    expect(driftedDays("tenure")).toEqual([11, 12, 13].map(day));
    for (const stable of ["age", "device", "mobile", "score", "label"])
      expect(driftedDays(stable), stable).toEqual([]);

    const of = (feature: string, n: number) => {
      const row = rows.find((r) => r.feature === feature && r.window_start === day(n));
      if (!row) throw new Error(`no snapshot of ${feature} on day ${n}`);
      return row;
    };
    expect(of("income", 9)).toMatchObject({
      method: "wasserstein",
      status: "ok",
      reference_count: 7000,
      current_count: 1000,
    });
    expect(of("income", 13).current_count).toBe(250);
    expect(of("age", 9)).toMatchObject({ method: "psi", threshold: 0.1 });
    expect(of("plan", 10)).toMatchObject({ method: "jensen-shannon", threshold: 0.15 });
    expect(of("plan", 10).details.reference.categories).toEqual(["free", "pro", "team"]);
    const tenure = of("tenure", 12);
    expect(tenure.method).toBe("wasserstein");
    expect(tenure.details.missingShare).toMatchObject({ referenceShare: 0, drifted: true });
    const share = tenure.details.missingShare?.currentShare;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    expect(of("mobile", 9).method).toBe("jensen-shannon");
    expect(of("label", 9).reference_count).toBe(7000);
    // Two scans of the 7,000 reference predictions, one of the 6,250 current ones.
    expect(result.rowsScanned).toBe(2 * 7000 + 6 * PER_DAY + 250);
  });

  it("matches the engine's detectDrift on the raw values where binning is exact", async () => {
    const rows = await snapshots();
    const reference = data.filter((r) => r.ts.getTime() < T0 + 7 * DAY);
    const current = data.filter((r) => r.ts.getTime() >= T0 + 10 * DAY && r.ts.getTime() < T0 + 11 * DAY);
    for (const feature of ["age", "plan", "device", "mobile"]) {
      const expected = detectDrift(
        reference.map((r) => r.features[feature]),
        current.map((r) => r.features[feature]),
        DRIFT_CONFIG,
        feature,
      );
      const actual = rows.find((r) => r.feature === feature && r.window_start === day(10));
      expect(actual?.method, feature).toBe(expected.method);
      expect(actual?.statistic, feature).toBeCloseTo(expected.statistic ?? Number.NaN, 9);
      expect(actual?.drifted, feature).toBe(expected.drifted);
    }
  });

  it("leaves identical snapshots when run twice for the same now, reusing the stored reference", async () => {
    const before = await snapshots();
    const again = await run();
    expect(await snapshots()).toEqual(before);
    // No window's data changed: nothing is scanned.
    expect(again.rowsScanned).toBe(0);
  });

  it("recomputes only the windows whose data changed and the missing ones on a later run", async () => {
    const before = await snapshots();
    await app.db.handle.rows(sql`
      delete from drift_snapshots where window_start = ${new Date(T0 + 8 * DAY).toISOString()}::timestamptz`);
    const later = new Date(NOW.getTime() + DAY);
    const result = await run(later);
    const after = await snapshots();
    expect([...new Set(after.map((r) => r.window_start))]).toEqual([7, 8, 9, 10, 11, 12, 13, 14].map(day));
    const unchanged = (n: number) => after.filter((r) => r.window_start === day(n));
    expect(unchanged(10)).toEqual(before.filter((r) => r.window_start === day(10)));
    // Day 13 is now complete; day 14 has no predictions at all.
    expect(unchanged(13).find((r) => r.feature === "income")?.current_count).toBe(PER_DAY);
    expect(unchanged(14).every((r) => r.status === "NOT_ENOUGH_DATA" && !r.drifted)).toBe(true);
    // The reference side comes from the stored snapshots: only days 8 and 13 (and empty 14) are read.
    expect(result.rowsScanned).toBe(2 * PER_DAY);
  });

  it("recounts an old window that received a late prediction, and gives what a full recomputation gives", async () => {
    const later = new Date(NOW.getTime() + DAY);
    const before = await snapshots();
    const late = data[8 * PER_DAY + 17];
    if (!late) throw new Error("no day-8 row");
    await ingestPredictions(
      app.db.handle,
      {
        predictions: [
          {
            id: "late-1",
            model: "churn",
            version: "v1",
            timestamp: new Date(T0 + 8 * DAY + 3600_000),
            score: 0.5,
            features: { ...late.features, income: 500_000 },
          },
        ],
      },
      later,
    );
    const result = await run(later);
    expect(result.rowsScanned).toBe(PER_DAY + 1);
    const after = await snapshots();
    const windowOf = (rows: SnapshotRow[], n: number) => rows.filter((r) => r.window_start === day(n));
    expect(windowOf(after, 8).find((r) => r.feature === "income")?.current_count).toBe(PER_DAY + 1);
    for (const n of [7, 9, 10, 11, 12, 13, 14]) expect(windowOf(after, n)).toEqual(windowOf(before, n));

    // A corrected label moves its window's label mark: day 9 alone is recounted.
    const corrected = data[9 * PER_DAY + 5];
    if (!corrected) throw new Error("no day-9 row");
    const relabel = (label: number, at: Date) =>
      ingestLabels(app.db.handle, { labels: [{ predictionId: `v1-${corrected.id}`, label }] }, at);
    await relabel(1 - corrected.label, new Date(later.getTime() + 3600_000));
    expect((await run(later)).rowsScanned).toBe(PER_DAY);

    // Skipping unchanged windows changes nothing: a full recomputation gives the same snapshots.
    const incremental = await snapshots();
    await app.db.handle.rows(sql`delete from drift_snapshots`);
    await run(later);
    const strip = (rows: SnapshotRow[]) => rows.map(({ id: _id, computed_at: _at, ...rest }) => rest);
    expect(strip(await snapshots())).toEqual(strip(incremental));

    await app.db.handle.rows(sql`delete from predictions where id = 'late-1'`);
    await relabel(corrected.label, new Date(later.getTime() + 7200_000));
  });

  it("follows a changed reference window, dropping the windows it now covers", async () => {
    await app.db.handle.rows(sql`
      update model_versions set reference_from = ${new Date(T0 + 2 * DAY).toISOString()}::timestamptz,
        reference_to = ${new Date(T0 + 9 * DAY).toISOString()}::timestamptz`);
    await run(new Date(NOW.getTime() + DAY));
    const rows = await snapshots();
    expect([...new Set(rows.map((r) => r.window_start))]).toEqual([9, 10, 11, 12, 13, 14].map(day));
    // Every window, including those computed before the change, is now against the new reference.
    const references = new Set(rows.map((r) => r.details.reference.from));
    expect([...references]).toEqual([new Date(T0 + 2 * DAY).toISOString()]);
    await app.db.handle.rows(sql`update model_versions set reference_from = null, reference_to = null`);
  });

  it("recomputes every window when the drift config changes", async () => {
    const changed = { ...DRIFT_CONFIG, features: { age: { method: "psi" as const, bins: 4 } } };
    await app.db.handle.rows(sql`update models set drift_config = ${JSON.stringify(changed)}::jsonb`);
    const result = await run(new Date(NOW.getTime() + DAY));
    const ages = (await snapshots()).filter((r) => r.feature === "age");
    expect(ages).toHaveLength(8);
    for (const age of ages) expect(age.details.reference.edges).toHaveLength(3);
    expect(result.rowsScanned).toBe(2 * 7000 + 7 * PER_DAY);
    await app.db.handle.rows(sql`update models set drift_config = ${JSON.stringify(DRIFT_CONFIG)}::jsonb`);
  });

  it("records a failing version as a problem and still computes the others", async () => {
    await ingest(app, "v2", data.slice(0, 8 * PER_DAY));
    // Corrupt rows the API would refuse: a feature list instead of an object, and an invalid config.
    await app.db.handle.rows(sql`
      update predictions set features = '[1, 2]'::jsonb
      where id = (select min(id) from predictions where id like 'v2-%')`);
    await createModel(app.db.handle, { key: "broken", name: "Broken", task: "regression" }, NOW);
    await ingestPredictions(
      app.db.handle,
      { predictions: [{ id: "b-1", model: "broken", version: "x", timestamp: new Date(T0), score: 1 }] },
      NOW,
    );
    await app.db.handle.rows(
      sql`update models set drift_config = '{"bins": "many"}'::jsonb where key = 'broken'`,
    );
    await app.db.handle.rows(sql`delete from drift_snapshots`);

    const result = await run();
    expect(result.itemsOk).toBe(1);
    expect(result.itemsFailed).toBe(2);
    expect(result.problems.map((p) => p.item).sort()).toEqual([
      "model broken version x",
      "model churn version v2",
    ]);
    expect(result.problems.find((p) => p.item.includes("broken"))?.error).toMatch(/invalid driftConfig/);
    expect((await snapshots("v1")).length).toBeGreaterThan(0);

    const one = await run(NOW, { model: "churn" });
    expect(one.itemsOk + one.itemsFailed).toBe(2);
  });
});
