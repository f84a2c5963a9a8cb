/**
 * A prediction score or label beyond the API's bound that is already stored (written before the
 * bound, or around the API) must not break a model's monitoring: a score of 1e308 overflowed the
 * regression and drift sums ("value out of range: overflow") on every later run, and a NaN turned
 * its window's metrics into NaN. The model jobs leave them out (db/queries/model-sql.ts), as the
 * results queries leave out such events. On the old queries both jobs fail here. A feature value
 * beyond the bound is missing to drift (1e400 made the run fail: no float8 holds it).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModel, setReferenceWindow } from "#app/services/models.server";
import { ingestLabels, ingestPredictions } from "#app/services/predictions.server";
import { mulberry32 } from "#app/stats/experiment";
import { modelDriftJob } from "#jobs/model-drift";
import { modelPerformanceJob } from "#jobs/model-performance";
import { silentLogger } from "#lib/log";
import { drivers, startTestApp, type TestApp } from "#test/harness";

const DAY = 86400_000;
const T0 = Date.UTC(2026, 9, 1);
const NOW = new Date(T0 + 3 * DAY + 12 * 3600_000);
const at = (day: number, hour: number) => new Date(T0 + day * DAY + hour * 3600_000);

/** Scores and labels no API would accept today, as float8 literals. */
const BAD = ["1e308", "-1e200", "'NaN'", "'Infinity'", "'-Infinity'", "1e16"];

describe.each(drivers)("model jobs with out-of-range scores and labels already stored, on %s", (driver) => {
  let app: TestApp;
  const run = async () => ({
    performance: await modelPerformanceJob.run({ db: app.db.handle, now: NOW, log: silentLogger }),
    drift: await modelDriftJob.run({ db: app.db.handle, now: NOW, log: silentLogger }),
  });
  /** Everything the two jobs stored, in a stable order, without when they computed it. */
  const snapshots = async () => ({
    performance: await app.db.handle.rows(sql`
      select v.version_id, v.metric, v.k, v.value, v.count, v.details::text as details,
        v.window_start::text as window_start
      from performance_snapshots v order by 1, 7, 2, 3`),
    drift: await app.db.handle.rows(sql`
      select d.version_id, d.kind, d.feature, d.window_start::text as window_start, d.statistic,
        d.p_value, d.reference_count, d.current_count, d.status, d.details::text as details
      from drift_snapshots d order by 1, 2, 3, 4`),
  });
  const forget = async () => {
    for (const table of ["performance_snapshots", "drift_snapshots", "drift_reference_cells"]) {
      await app.db.handle.rows(sql.raw(`delete from ${table}`));
    }
  };

  beforeAll(async () => {
    app = await startTestApp(driver);
    const rand = mulberry32(11);
    for (const [key, task] of [
      ["churn", "binary_classification"],
      ["price", "regression"],
    ] as const) {
      await createModel(app.db.handle, { key, name: key, task }, NOW);
      const rows = [0, 1, 2, 3].flatMap((day) =>
        Array.from({ length: 120 }, (_, i) => {
          const score = task === "regression" ? 100 + 30 * rand() : Math.round(rand() * 100) / 100;
          const label = task === "regression" ? score + 10 * (rand() - 0.5) : rand() < score ? 1 : 0;
          return {
            prediction: {
              id: `${key}-${day}-${i}`,
              model: key,
              version: "v1",
              timestamp: at(day, (i % 12) + 1),
              score,
              features: { age: 20 + Math.floor(rand() * 50), plan: i % 3 ? "pro" : "free" },
            },
            label: { predictionId: `${key}-${day}-${i}`, label },
          };
        }),
      );
      await ingestPredictions(app.db.handle, { predictions: rows.map((r) => r.prediction) }, NOW);
      await ingestLabels(app.db.handle, { labels: rows.map((r) => r.label) }, NOW);
      await setReferenceWindow(app.db.handle, key, "v1", { from: at(0, 0), to: at(1, 0) });
    }
  });
  afterAll(() => app?.stop());

  it("leaves them out: no run fails, and the snapshots are those of the data without them", async () => {
    // Bypassing the API, as rows stored before it refused such values: in the reference window
    // and in every daily one, absurd scores (labelled or not) and absurd labels of sane scores.
    for (const key of ["churn", "price"]) {
      const [version] = await app.db.handle.rows<{ id: number }>(sql`
        select v.id from model_versions v join models m on m.id = v.model_id where m.key = ${key}`);
      for (const day of [0, 1, 2, 3]) {
        for (const [i, bad] of BAD.entries()) {
          const ts = at(day, 6).toISOString();
          await app.db.handle.rows(sql`
            insert into predictions (id, version_id, ts, score, features) values
              (${`${key}-bad-score-${day}-${i}`}, ${version?.id}, ${ts}::timestamptz, ${sql.raw(bad)}::float8, '{"age": 30}'),
              (${`${key}-bad-label-${day}-${i}`}, ${version?.id}, ${ts}::timestamptz, 0.5, '{"age": 30}')`);
          await app.db.handle.rows(sql`
            insert into labels (prediction_id, label, ts) values
              (${`${key}-bad-score-${day}-${i}`}, 1, ${ts}::timestamptz),
              (${`${key}-bad-label-${day}-${i}`}, ${sql.raw(bad)}::float8, ${ts}::timestamptz)`);
        }
      }
    }
    const ok = { performance: { itemsOk: 2, itemsFailed: 0 }, drift: { itemsOk: 2, itemsFailed: 0 } };
    expect(await run()).toMatchObject(ok);
    const withBad = await snapshots();
    expect(withBad.performance.length).toBeGreaterThan(10);
    expect(withBad.drift.length).toBeGreaterThan(10);

    // Drift leaves out a prediction with a bad score, and a bad label alone: the features and
    // score of that prediction are still what the model saw.
    await app.db.handle.rows(sql`delete from labels where prediction_id like '%-bad-%'`);
    await app.db.handle.rows(sql`delete from predictions where id like '%-bad-score-%'`);
    await forget();
    expect(await run()).toMatchObject(ok);
    expect((await snapshots()).drift).toEqual(withBad.drift);

    // Performance needs the pair: a prediction with a bad label is left out altogether (counted
    // as unlabelled it would lower the label coverage).
    await app.db.handle.rows(sql`delete from predictions where id like '%-bad-label-%'`);
    await forget();
    expect(await run()).toMatchObject(ok);
    expect((await snapshots()).performance).toEqual(withBad.performance);
  });

  it("reads a feature value beyond the bound as missing: the same snapshots as a null there", async () => {
    // JSON numbers no API would accept today; 1e400 is valid JSON (jsonb keeps it) but no float8.
    const values = ["1e400", "-1e300", "1e16", "12"];
    const store = async (rendered: (value: string) => string) => {
      await app.db.handle.rows(sql`delete from predictions where id like '%-feature-%'`);
      for (const key of ["churn", "price"]) {
        const [version] = await app.db.handle.rows<{ id: number }>(sql`
          select v.id from model_versions v join models m on m.id = v.model_id where m.key = ${key}`);
        for (const day of [0, 1, 2, 3]) {
          for (const [i, value] of values.entries()) {
            const features = `{"age": ${rendered(value)}, "plan": "pro"}`;
            await app.db.handle.rows(sql`
              insert into predictions (id, version_id, ts, score, features) values
                (${`${key}-feature-${day}-${i}`}, ${version?.id}, ${at(day, 7).toISOString()}::timestamptz, 0.5,
                 ${features}::jsonb)`);
          }
        }
      }
      await forget();
      expect(await run()).toMatchObject({ drift: { itemsOk: 2, itemsFailed: 0 } });
      return (await snapshots()).drift;
    };
    const beyond = await store((value) => value);
    // The one sane value (12) stays; the others become nulls.
    const asNull = await store((value) => (value === "12" ? value : "null"));
    expect(beyond).toEqual(asNull);
    expect(beyond.length).toBeGreaterThan(10);
  });
});
