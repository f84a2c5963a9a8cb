/**
 * A value beyond the API's bound that is already stored (written before the bound, or around the
 * API) must not block an experiment's results: two events of 1e308 (their sum overflows float8)
 * and one of 1e200 (its square does) used to make every later results run fail with
 * "value out of range: overflow". They are left out of the sums and counted instead.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experimentResultsJob } from "#jobs/experiment-results";
import { silentLogger } from "#lib/log";
import { drivers, startTestApp, type TestApp } from "#test/harness";

const HOUR = 3600_000;

describe.each(drivers)("results with out-of-range values already stored, on %s", (driver) => {
  let app: TestApp;
  const now = new Date(Math.floor(Date.now() / HOUR) * HOUR);
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR).toISOString();
  const run = (when: Date) => experimentResultsJob.run({ db: app.db.handle, now: when, log: silentLogger });
  const latest = async () => (await app.api("GET", "/api/v1/experiments/exp/results")).body;
  /** Per metric, per variant: units and mean, the figures the sums decide. */
  const means = (doc: {
    metrics: Array<{ metric: string; variants: Array<{ units: number; mean: number }> }>;
  }) => Object.fromEntries(doc.metrics.map((m) => [m.metric, m.variants.map((v) => [v.units, v.mean])]));

  beforeAll(async () => {
    app = await startTestApp(driver);
    for (const body of [
      { key: "revenue", name: "Revenue", type: "mean", event: "purchase" },
      { key: "ctr", name: "CTR", type: "ratio", numerator: "click", denominator: "impression" },
    ]) {
      expect((await app.api("POST", "/api/v1/metrics", { body })).status).toBe(201);
    }
    app.now.value = new Date(now.getTime() - 72 * HOUR);
    const experiment = {
      key: "exp",
      name: "exp",
      variants: [
        { key: "control", weight: 0.5 },
        { key: "treatment", weight: 0.5 },
      ],
      metrics: { primary: "revenue", secondary: ["ctr"] },
      settings: { cuped: true },
    };
    expect((await app.api("POST", "/api/v1/experiments", { body: experiment })).status).toBe(201);
    expect((await app.api("POST", "/api/v1/experiments/exp/start")).status).toBe(200);
    app.now.value = now;
    const units = Array.from({ length: 40 }, (_, i) => `u${i}`);
    const assignments = units.map((unit, i) => ({
      experiment: "exp",
      unit,
      variant: i % 2 === 0 ? "control" : "treatment",
      timestamp: at(60 - i),
    }));
    expect((await app.api("POST", "/api/v1/assignments", { body: { assignments } })).status).toBe(200);
    const events = units.flatMap((unit, i) => [
      { id: `p${i}`, unit, name: "purchase", value: 10 + (i % 7), timestamp: at(10) },
      { id: `i${i}`, unit, name: "impression", timestamp: at(9) },
      ...(i % 3 === 0 ? [{ id: `c${i}`, unit, name: "click", timestamp: at(8) }] : []),
    ]);
    expect((await app.api("POST", "/api/v1/events", { body: { events } })).status).toBe(200);
  });
  afterAll(() => app.stop());

  it("keeps computing, leaves the values out of every sum and says how many there were", async () => {
    const clean = await run(new Date(now.getTime() - 2 * HOUR));
    expect(clean).toMatchObject({ itemsOk: 1, itemsFailed: 0 });
    const before = await latest();
    expect(before.dataQuality.outOfRangeEvents).toBe(0);

    // Bypassing the API, as rows stored before it refused such values.
    await app.db.handle.rows(sql`
      insert into events (unit, event_id, name, value, ts) values
        ('u0', 'huge-1', 'purchase', 1e308, ${at(5)}::timestamptz),
        ('u2', 'huge-2', 'purchase', 1e308, ${at(5)}::timestamptz),
        ('u1', 'huge-3', 'purchase', -1e200, ${at(5)}::timestamptz),
        ('u3', 'huge-4', 'impression', 1e200, ${at(5)}::timestamptz)`);

    // The scheduled run (rollup of the changed units) …
    const incremental = await run(new Date(now.getTime() - HOUR));
    expect(incremental).toMatchObject({ itemsOk: 1, itemsFailed: 0, problems: [] });
    const after = await latest();
    expect(means(after)).toEqual(means(before));
    expect(after.dataQuality.outOfRangeEvents).toBe(4);
    expect(after.dataQuality.warnings).toContain(
      "4 metric event(s) with a value beyond ±1e15 were left out of every metric",
    );

    // … and a first run from scratch (daily history in one pass, rollup rebuilt) agree.
    await app.db.handle.rows(sql`delete from experiment_snapshots`);
    await app.db.handle.rows(sql`delete from experiment_rollups`);
    const rebuilt = await run(new Date(now.getTime() - HOUR));
    expect(rebuilt).toMatchObject({ itemsOk: 1, itemsFailed: 0, problems: [] });
    expect(means(await latest())).toEqual(means(before));
    const history = await app.api("GET", "/api/v1/experiments/exp/results/history");
    expect(history.status).toBe(200);
    expect(history.body.points.length).toBeGreaterThanOrEqual(3);
  });
});
