import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experimentSnapshots, experiments } from "#db/schema";
import { experimentSumsHistory } from "#db/queries/experiment-history";
import { experimentSums } from "#db/queries/experiment-sums";
import { armSumsFromValues, compareVariants, mulberry32 } from "#app/stats/experiment";
import { listExperimentsToRefresh } from "#db/queries/experiments";
import { computeResults, experimentResultsJob } from "#jobs/experiment-results";
import { silentLogger } from "#lib/log";
import { experimentBody, metricSpecs } from "#test/fixtures";
import { drivers, startTestApp, type TestApp } from "#test/harness";

const HOUR = 3600_000;
const T0 = new Date("2026-11-10T06:00:00Z");
const AS_OF = new Date("2026-11-14T12:00:00Z");

interface RawEvent {
  id: string;
  unit: string;
  name: string;
  value: number;
  ts: Date;
}

/** A seeded experiment: 400 units over 3 days, treatment converts more, events around the edges. */
function generate() {
  const rand = mulberry32(42);
  const units: Array<{ unit: string; variant: "control" | "treatment"; at: Date }> = [];
  const events: RawEvent[] = [];
  let id = 0;
  const push = (unit: string, name: string, value: number, ts: Date) =>
    events.push({ id: `ev-${id++}`, unit, name, value, ts });
  for (let i = 0; i < 400; i++) {
    const variant = rand() < 0.5 ? "control" : "treatment";
    const at = new Date(T0.getTime() + rand() * 72 * HOUR);
    const unit = `user-${i}`;
    units.push({ unit, variant, at });
    const lift = variant === "treatment" ? 1.3 : 1;
    // Pre-period activity (CUPED covariate), correlated with the outcome through `activity`.
    const activity = rand();
    if (rand() < activity)
      push(
        unit,
        "purchase",
        Math.round(rand() * 40 * activity),
        new Date(at.getTime() - rand() * 200 * HOUR),
      );
    const impressions = Math.floor(rand() * 10);
    for (let k = 0; k < impressions; k++) {
      const ts = new Date(at.getTime() + rand() * 60 * HOUR);
      push(unit, "impression", 1, ts);
      if (rand() < 0.2 * lift) push(unit, "click", 1, new Date(ts.getTime() + 1000));
    }
    if (rand() < 0.3 * lift * (0.5 + activity))
      push(unit, "apply", 1, new Date(at.getTime() + rand() * 80 * HOUR));
    if (rand() < 0.4 * activity)
      push(unit, "purchase", Math.round(rand() * 50 * lift), new Date(at.getTime() + rand() * 40 * HOUR));
    // Before assignment (not counted for the outcome) and after the as-of time (not yet counted).
    if (rand() < 0.2) push(unit, "apply", 1, new Date(at.getTime() - HOUR));
    if (rand() < 0.2) push(unit, "apply", 1, new Date(AS_OF.getTime() + HOUR));
  }
  for (let i = 0; i < 7; i++) push(`stranger-${i}`, "click", 1, new Date(T0.getTime() + (i + 1) * HOUR));
  return { units, events };
}

/** The metric definitions, applied to raw rows in TypeScript: what the SQL must reproduce. */
function rawSums(
  data: ReturnType<typeof generate>,
  variant: string,
  metric: { type: string; event?: string; num?: string; den?: string; windowHours?: number },
  cuped: boolean,
) {
  const arm = data.units.filter((u) => u.variant === variant);
  const ys: number[] = [];
  const ds: number[] = [];
  const xs: number[] = [];
  for (const u of arm) {
    const windowEnd = metric.windowHours
      ? Math.min(u.at.getTime() + metric.windowHours * HOUR, AS_OF.getTime())
      : AS_OF.getTime();
    const mine = data.events.filter((e) => e.unit === u.unit);
    const inWindow = (name?: string) =>
      mine.filter((e) => e.name === name && e.ts >= u.at && e.ts.getTime() < windowEnd);
    const pre = (name?: string) =>
      mine.filter((e) => e.name === name && e.ts < u.at && e.ts.getTime() >= u.at.getTime() - 14 * 24 * HOUR);
    const total = (list: RawEvent[]) => list.reduce((a, e) => a + e.value, 0);
    if (metric.type === "ratio") {
      ys.push(total(inWindow(metric.num)));
      ds.push(total(inWindow(metric.den)));
    } else if (metric.type === "proportion") {
      ys.push(inWindow(metric.event).length > 0 ? 1 : 0);
      xs.push(pre(metric.event).length > 0 ? 1 : 0);
    } else {
      ys.push(total(inWindow(metric.event)));
      xs.push(total(pre(metric.event)));
    }
  }
  if (metric.type === "ratio") return armSumsFromValues(ys, { denominators: ds });
  return armSumsFromValues(ys, cuped ? { covariates: xs } : {});
}

describe.each(drivers)("experiment-results job on %s", (driver) => {
  let app: TestApp;
  const data = generate();
  const metricDefs = {
    conversion: { type: "proportion", event: "apply", windowHours: 48 },
    revenue: { type: "mean", event: "purchase" },
    ctr: { type: "ratio", num: "click", den: "impression" },
  };

  beforeAll(async () => {
    app = await startTestApp(driver);
    app.now.value = T0;
    for (const [key, body] of [
      [
        "conversion",
        { key: "conversion", name: "Apply within 48h", type: "proportion", event: "apply", windowHours: 48 },
      ],
      ["revenue", { key: "revenue", name: "Revenue", type: "mean", event: "purchase" }],
      ["ctr", { key: "ctr", name: "CTR", type: "ratio", numerator: "click", denominator: "impression" }],
    ] as const) {
      expect((await app.api("POST", "/api/v1/metrics", { body })).status, key).toBe(201);
    }
    const experiment = {
      key: "ranker",
      name: "Ranker",
      variants: [
        { key: "control", weight: 0.5 },
        { key: "treatment", weight: 0.5 },
      ],
      metrics: { primary: "conversion", secondary: ["ctr"], guardrails: ["revenue"] },
      settings: { cuped: true, correction: "holm" },
    };
    expect((await app.api("POST", "/api/v1/experiments", { body: experiment })).status).toBe(201);
    expect((await app.api("POST", "/api/v1/experiments/ranker/start")).status).toBe(200);
    // Timestamps in the past relative to the real clock are what the API accepts; these are.
    const assignments = data.units.map((u) => ({
      experiment: "ranker",
      unit: u.unit,
      variant: u.variant,
      timestamp: u.at.toISOString(),
    }));
    expect((await app.api("POST", "/api/v1/assignments", { body: { assignments } })).status).toBe(200);
    // A conflicting report for one unit.
    const first = data.units[0];
    await app.api("POST", "/api/v1/assignments", {
      body: {
        assignments: [
          {
            experiment: "ranker",
            unit: first?.unit,
            variant: first?.variant === "control" ? "treatment" : "control",
            timestamp: T0.toISOString(),
          },
        ],
      },
    });
    const events = data.events.map((e) => ({
      id: e.id,
      unit: e.unit,
      name: e.name,
      value: e.value,
      timestamp: e.ts.toISOString(),
    }));
    for (let i = 0; i < events.length; i += 5000) {
      const res = await app.api("POST", "/api/v1/events", { body: { events: events.slice(i, i + 5000) } });
      expect(res.status).toBe(200);
    }
  });
  afterAll(() => app.stop());

  const experimentRow = async () =>
    (await app.db.handle.db.select().from(experiments).where(eq(experiments.key, "ranker")))[0];

  it("computes in SQL exactly the per-variant sums the metric definitions give on the raw rows", async () => {
    const row = await experimentRow();
    if (!row) throw new Error("missing experiment");
    const variantIds = await app.db.handle.rows<{ id: number; key: string }>(
      sql`select id, key from variants where experiment_id = ${row.id}`,
    );
    const specs = metricSpecs(48);
    const sums = await experimentSums(app.db.handle, {
      experimentId: row.id,
      metrics: specs,
      start: T0,
      end: AS_OF,
      cupedLookbackHours: 14 * 24,
    });
    for (const v of variantIds) {
      const [conv, rev, ctr] = [metricDefs.conversion, metricDefs.revenue, metricDefs.ctr].map((m, i) =>
        i < 2 ? rawSums(data, v.key, m, true) : rawSums(data, v.key, m, false),
      );
      expect(sums.metrics[0]?.get(v.id)).toEqual(conv);
      expect(sums.metrics[1]?.get(v.id)).toEqual(rev);
      const ratio = sums.metrics[2]?.get(v.id);
      expect({
        ...ratio,
        covariateSum: undefined,
        covariateSumSquares: undefined,
        covariateSumProduct: undefined,
      }).toEqual({
        ...ctr,
        covariateSum: undefined,
        covariateSumSquares: undefined,
        covariateSumProduct: undefined,
      });
    }
    expect(sums.unassignedEvents).toBe(7);
  });

  it("computes every midnight's sums in one pass, equal to the one-pass query as of that midnight", async () => {
    const row = await experimentRow();
    if (!row) throw new Error("missing experiment");
    const input = {
      experimentId: row.id,
      metrics: metricSpecs(48),
      start: T0,
      end: AS_OF,
      cupedLookbackHours: 14 * 24,
    };
    const midnights = ["2026-11-11", "2026-11-12", "2026-11-13", "2026-11-14"].map(
      (d) => new Date(`${d}T00:00:00Z`),
    );
    const history = await experimentSumsHistory(app.db.handle, input, midnights);
    expect(history.map((h) => h.asOf)).toEqual(midnights);
    for (const { asOf, sums } of history) {
      const direct = await experimentSums(app.db.handle, { ...input, end: asOf });
      expect({ asOf, metrics: sums.metrics, units: sums.units, unassigned: sums.unassignedEvents }).toEqual({
        asOf,
        metrics: direct.metrics,
        units: direct.units,
        unassigned: direct.unassignedEvents,
      });
    }
  });

  it("stores a snapshot whose numbers match the engine on the raw data, with SRM, corrections and data quality", async () => {
    const result = await experimentResultsJob.run({ db: app.db.handle, now: AS_OF, log: silentLogger });
    expect(result).toMatchObject({ itemsOk: 1, itemsFailed: 0 });
    expect(result.rowsScanned).toBeGreaterThan(0);
    const res = await app.api("GET", "/api/v1/experiments/ranker/results");
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.asOf).toBe(AS_OF.toISOString());
    const nControl = data.units.filter((u) => u.variant === "control").length;
    expect(doc.srm.counts).toEqual({ control: nControl, treatment: 400 - nControl });
    expect(doc.dataQuality).toMatchObject({ assignmentConflicts: 1, unassignedEvents: 7 });

    const primary = doc.metrics[0];
    expect(primary).toMatchObject({ metric: "conversion", role: "primary", type: "proportion" });
    const expected = compareVariants(
      rawSums(data, "control", metricDefs.conversion, true),
      rawSums(data, "treatment", metricDefs.conversion, true),
      { metricType: "proportion", cuped: true, engine: "frequentist", alpha: 0.05 },
    );
    const treatment = primary.variants[1];
    expect(treatment.variant).toBe("treatment");
    // θ is pooled over all arms in both: with two arms the engine's default pools the same units.
    expect(treatment.relativeLift).toBeCloseTo(expected.relativeLift ?? Number.NaN, 12);
    expect(treatment.pValue).toBeCloseTo(expected.pValue ?? Number.NaN, 12);
    expect(treatment.ciLow).toBeCloseTo(expected.ciLow ?? Number.NaN, 12);
    expect(treatment.varianceReduction).toBeCloseTo(expected.varianceReduction ?? Number.NaN, 12);
    expect(treatment.adjustedPValue).toBeGreaterThanOrEqual(treatment.pValue);

    const ctr = doc.metrics.find((m: { metric: string }) => m.metric === "ctr");
    const expectedCtr = compareVariants(
      rawSums(data, "control", metricDefs.ctr, false),
      rawSums(data, "treatment", metricDefs.ctr, false),
      { metricType: "ratio", engine: "frequentist", alpha: 0.05 },
    );
    expect(ctr.variants[1].relativeLift).toBeCloseTo(expectedCtr.relativeLift ?? Number.NaN, 12);
    expect(ctr.variants[1].pValue).toBeCloseTo(expectedCtr.pValue ?? Number.NaN, 12);
  });

  it("keeps one snapshot per day plus the latest, and re-running for the same time changes nothing", async () => {
    const before = await app.db.handle.db
      .select()
      .from(experimentSnapshots)
      .orderBy(experimentSnapshots.asOf);
    // Midnights of Nov 11–14, plus the as-of time.
    expect(before.map((s) => s.asOf.toISOString())).toEqual([
      "2026-11-11T00:00:00.000Z",
      "2026-11-12T00:00:00.000Z",
      "2026-11-13T00:00:00.000Z",
      "2026-11-14T00:00:00.000Z",
      AS_OF.toISOString(),
    ]);
    await experimentResultsJob.run({ db: app.db.handle, now: AS_OF, log: silentLogger });
    const after = await app.db.handle.db.select().from(experimentSnapshots).orderBy(experimentSnapshots.asOf);
    expect(after.map((s) => [s.asOf, s.result])).toEqual(before.map((s) => [s.asOf, s.result]));

    const history = await app.api("GET", "/api/v1/experiments/ranker/results/history");
    expect(history.status).toBe(200);
    expect(history.body.points).toHaveLength(5);
    expect(history.body.points[0].metrics[0].variants[1]).toHaveProperty("ciLow");
  });

  it("keeps refreshing a stopped experiment for three days, then drops its per-unit rollup", async () => {
    app.now.value = AS_OF;
    expect((await app.api("POST", "/api/v1/experiments/ranker/stop")).status).toBe(200);
    const rollupRows = async () =>
      (await app.db.handle.rows<{ n: number }>(sql`select count(*)::int as n from experiment_unit_values`))[0]
        ?.n;
    await experimentResultsJob.run({
      db: app.db.handle,
      now: new Date(AS_OF.getTime() + 2 * 24 * HOUR),
      log: silentLogger,
    });
    expect(await rollupRows()).toBeGreaterThan(0);
    const later = await experimentResultsJob.run({
      db: app.db.handle,
      now: new Date(AS_OF.getTime() + 4 * 24 * HOUR),
      log: silentLogger,
    });
    expect(later.itemsOk).toBe(0);
    expect(await rollupRows()).toBe(0);
    const res = await app.api("GET", "/api/v1/experiments/ranker/results");
    expect(res.body.asOf).toBe(AS_OF.toISOString());
  });

  it("fills a long history back to the start on the first run", async () => {
    app.now.value = new Date(AS_OF.getTime() - 10 * 24 * HOUR - HOUR);
    await app.api("POST", "/api/v1/experiments", {
      body: experimentBody("long", { metrics: { primary: "conversion" } }),
    });
    await app.api("POST", "/api/v1/experiments/long/start");
    app.now.value = AS_OF;
    const [row] = await app.db.handle.db.select().from(experiments).where(eq(experiments.key, "long"));
    const asOfs = async () =>
      (
        await app.db.handle.db
          .select({ asOf: experimentSnapshots.asOf })
          .from(experimentSnapshots)
          .where(eq(experimentSnapshots.experimentId, row?.id ?? -1))
      ).map((s) => s.asOf.toISOString().slice(0, 10));
    await experimentResultsJob.run({
      db: app.db.handle,
      now: AS_OF,
      log: silentLogger,
      target: { experiment: "long" },
    });
    // All 10 midnights since the start, plus the as-of snapshot (also on Nov 14).
    expect((await asOfs()).sort()).toEqual([
      "2026-11-05",
      "2026-11-06",
      "2026-11-07",
      "2026-11-08",
      "2026-11-09",
      "2026-11-10",
      "2026-11-11",
      "2026-11-12",
      "2026-11-13",
      "2026-11-14",
      "2026-11-14",
    ]);
    await experimentResultsJob.run({
      db: app.db.handle,
      now: AS_OF,
      log: silentLogger,
      target: { experiment: "long" },
    });
    expect(await asOfs()).toHaveLength(11);
  });

  it("answers 404 before the first run, and for unknown experiments", async () => {
    expect((await app.api("GET", "/api/v1/experiments/nope/results")).status).toBe(404);
    await app.api("POST", "/api/v1/experiments", {
      body: experimentBody("fresh", { metrics: { primary: "conversion" } }),
    });
    const res = await app.api("GET", "/api/v1/experiments/fresh/results");
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/no results yet/i);
  });

  it("excludes assignments and events outside [start, stop) and counts them, rollup and one pass agreeing", async () => {
    const start = new Date("2026-11-16T00:00:00Z");
    const stop = new Date(start.getTime() + 48 * HOUR);
    app.now.value = start;
    await app.api("POST", "/api/v1/experiments", {
      body: experimentBody("window", { metrics: { primary: "revenue" } }),
    });
    await app.api("POST", "/api/v1/experiments/window/start");
    const at = (hours: number) => new Date(start.getTime() + hours * HOUR).toISOString();
    const assignments: Array<{ experiment: string; unit: string; variant: string; timestamp: string }> = [];
    const events: Array<{ id: string; unit: string; name: string; value: number; timestamp: string }> = [];
    const arm = (i: number) => (i % 2 === 0 ? "control" : "treatment");
    for (let i = 0; i < 5; i++) {
      // Assigned before the start (e.g. a client clock or a pre-launch test): out of the results.
      assignments.push({ experiment: "window", unit: `early-${i}`, variant: arm(i), timestamp: at(-5) });
      events.push({
        id: `w-early-${i}`,
        unit: `early-${i}`,
        name: "purchase",
        value: 1000,
        timestamp: at(2),
      });
    }
    for (let i = 0; i < 40; i++) {
      assignments.push({ experiment: "window", unit: `in-${i}`, variant: arm(i), timestamp: at(i) });
      events.push({ id: `w-in-${i}`, unit: `in-${i}`, name: "purchase", value: i + 1, timestamp: at(i + 1) });
      // After the stop: out of the results.
      events.push({ id: `w-post-${i}`, unit: `in-${i}`, name: "purchase", value: 500, timestamp: at(50) });
    }
    for (let i = 0; i < 3; i++) {
      assignments.push({ experiment: "window", unit: `late-${i}`, variant: arm(i), timestamp: at(50) });
    }
    expect((await app.api("POST", "/api/v1/assignments", { body: { assignments } })).status).toBe(200);
    expect((await app.api("POST", "/api/v1/events", { body: { events } })).status).toBe(200);
    app.now.value = stop;
    expect((await app.api("POST", "/api/v1/experiments/window/stop")).status).toBe(200);

    const now = new Date(stop.getTime() + 24 * HOUR);
    await experimentResultsJob.run({
      db: app.db.handle,
      now,
      log: silentLogger,
      target: { experiment: "window" },
    });
    const doc = (await app.api("GET", "/api/v1/experiments/window/results")).body;
    expect(doc.asOf).toBe(stop.toISOString());
    expect(doc.srm.counts).toEqual({ control: 20, treatment: 20 });
    expect(doc.dataQuality.outsideWindow).toEqual({
      assignmentsBeforeStart: 5,
      assignmentsAfterStop: 3,
      eventsAfterStop: 40,
    });
    expect(doc.dataQuality.warnings).toEqual(
      expect.arrayContaining([
        "5 assignment(s) timestamped before the start were excluded",
        "3 assignment(s) timestamped after the stop were excluded",
        "40 metric event(s) after the stop were excluded",
      ]),
    );
    expect(doc.unitsPerDay.map((d: { day: string }) => d.day)).toEqual(["2026-11-16", "2026-11-17"]);
    // Only the in-window units' in-window purchases: control 1 + 3 + … + 39, treatment 2 + 4 + … + 40.
    const revenue = doc.metrics[0];
    expect(revenue.variants[0].mean).toBe(400 / 20);
    expect(revenue.variants[1].mean).toBe(420 / 20);

    // The one-pass query (daily history) reads the same window as the incremental rollup.
    const [design] = await listExperimentsToRefresh(app.db.handle, {
      key: "window",
      now,
      graceMs: 3 * 24 * HOUR,
    });
    if (!design) throw new Error("missing design");
    const full = await computeResults(app.db.handle, design, stop, now, "full");
    expect(full.document).toEqual(doc);
  });
});
