import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "#app/stats/experiment";
import { experiments } from "#db/schema";
import type { ExperimentSumsInput } from "#db/queries/experiment-per-unit";
import { rollupSums, rollupSumsWithHistory } from "#db/queries/experiment-rollup";
import { experimentSums } from "#db/queries/experiment-sums";
import { metricSpecs } from "#test/fixtures";
import { drivers, startTestApp, type TestApp } from "#test/harness";
import type { ThrowawayPostgres } from "#test/throwaway-database";

const HOUR = 3600_000;
const T0 = new Date("2026-11-10T00:00:00Z");

describe.each(drivers)("results rollup on %s", (driver) => {
  let app: TestApp;
  let input: (end: Date) => ExperimentSumsInput;
  const rand = mulberry32(9);
  let eventId = 0;

  const assign = (units: string[], at: (i: number) => Date) =>
    app.api("POST", "/api/v1/assignments", {
      body: {
        assignments: units.map((unit, i) => ({
          experiment: "roll",
          unit,
          variant: rand() < 0.5 ? "control" : "treatment",
          timestamp: at(i).toISOString(),
        })),
      },
    });
  const send = (events: Array<{ unit: string; name: string; ts: Date; value?: number }>) =>
    app.api("POST", "/api/v1/events", {
      body: {
        events: events.map((e) => ({
          id: `r${eventId++}`,
          unit: e.unit,
          name: e.name,
          value: e.value,
          timestamp: e.ts.toISOString(),
        })),
      },
    });
  // toEqual treats an undefined property as absent: the rollup's own metricEvents figure is left out.
  const withoutScanCount = <T extends { eventsScanned: number }>(s: T) => ({
    ...s,
    eventsScanned: 0,
    metricEvents: undefined,
  });

  /** The history's first point and the latest sums equal the one-pass numbers as of the midnight and the end. */
  const expectOnePassNumbers = async (
    { latest, history }: Awaited<ReturnType<typeof rollupSumsWithHistory>>,
    midnight: Date,
    end: Date,
  ) => {
    expect(withoutScanCount(history[0]?.sums ?? latest)).toEqual(
      withoutScanCount(await experimentSums(app.db.handle, input(midnight))),
    );
    const { mode, unitsRecomputed, ...sums } = latest;
    expect(withoutScanCount(sums)).toEqual(withoutScanCount(await experimentSums(app.db.handle, input(end))));
  };

  beforeAll(async () => {
    app = await startTestApp(driver);
    for (const body of [
      { key: "conv", name: "Apply in 24h", type: "proportion", event: "apply", windowHours: 24 },
      { key: "rev", name: "Revenue", type: "mean", event: "purchase" },
      { key: "ctr", name: "CTR", type: "ratio", numerator: "click", denominator: "impression" },
    ]) {
      await app.api("POST", "/api/v1/metrics", { body });
    }
    app.now.value = T0;
    await app.api("POST", "/api/v1/experiments", {
      body: {
        key: "roll",
        name: "Rollup",
        variants: [
          { key: "control", weight: 0.5 },
          { key: "treatment", weight: 0.5 },
        ],
        metrics: { primary: "conv", secondary: ["rev", "ctr"] },
        settings: { cuped: true },
      },
    });
    await app.api("POST", "/api/v1/experiments/roll/start");
    const units = Array.from({ length: 200 }, (_, i) => `u${i}`);
    await assign(units, (i) => new Date(T0.getTime() + i * 0.2 * HOUR));
    const events = units.flatMap((unit, i) => {
      const at = T0.getTime() + i * 0.2 * HOUR;
      return [
        { unit, name: "impression", ts: new Date(at + HOUR) },
        { unit, name: "click", ts: new Date(at + 2 * HOUR) },
        { unit, name: "purchase", ts: new Date(at - 5 * HOUR), value: 10 },
        { unit, name: "apply", ts: new Date(at + (rand() * 60 + 1) * HOUR) },
      ].filter(() => rand() < 0.7);
    });
    await send(events);
    const [row] = await app.db.handle.db.select().from(experiments).where(eq(experiments.key, "roll"));
    const experimentId = row?.id ?? -1;
    const metrics = metricSpecs(24);
    input = (end) => ({ experimentId, metrics, start: T0, end, cupedLookbackHours: 14 * 24 });
  });
  afterAll(() => app.stop());

  it("builds the rollup on first use and gives the one-pass numbers", async () => {
    const end = new Date(T0.getTime() + 30 * HOUR);
    const rolled = await rollupSums(app.db.handle, input(end));
    expect(rolled.mode).toBe("rebuilt");
    expect(rolled.unitsRecomputed).toBeGreaterThan(100);
    const { mode, unitsRecomputed, ...sums } = rolled;
    expect(withoutScanCount(sums)).toEqual(withoutScanCount(await experimentSums(app.db.handle, input(end))));
  });

  it("recomputes only changed units, and still equals the one-pass numbers", async () => {
    const end = new Date(T0.getTime() + 40 * HOUR);
    // New data: a late event with an old timestamp, fresh assignments, an assignment moved earlier,
    // and (by moving the end from 30 h to 40 h) events and assignments whose time has now come.
    await send([
      { unit: "u3", name: "purchase", ts: new Date(T0.getTime() + 5 * HOUR), value: 99 },
      { unit: "u150", name: "apply", ts: new Date(T0.getTime() + 31 * HOUR) },
    ]);
    await assign(["late-1", "late-2"], () => new Date(T0.getTime() + 35 * HOUR));
    await send([{ unit: "late-1", name: "click", ts: new Date(T0.getTime() + 36 * HOUR) }]);
    const rolled = await rollupSums(app.db.handle, input(end));
    expect(rolled.mode).toBe("incremental");
    // Far fewer than the 200 units: those whose data or time window changed.
    expect(rolled.unitsRecomputed).toBeGreaterThan(0);
    expect(rolled.unitsRecomputed).toBeLessThan(120);
    const { mode, unitsRecomputed, ...sums } = rolled;
    expect(withoutScanCount(sums)).toEqual(withoutScanCount(await experimentSums(app.db.handle, input(end))));
  });

  it("gives the same numbers when run twice for the same end", async () => {
    const end = new Date(T0.getTime() + 40 * HOUR);
    const { unitsRecomputed: _a, ...first } = await rollupSums(app.db.handle, input(end));
    const { unitsRecomputed: _b, ...again } = await rollupSums(app.db.handle, input(end));
    expect(again.mode).toBe("incremental");
    expect(withoutScanCount(again)).toEqual(withoutScanCount(first));
  });

  it("counts events the window reaches after they arrived, and two runs at once add their changes once", async () => {
    const end = new Date(T0.getTime() + 44 * HOUR);
    // Sent before the 40 h run, timed after its end: only the 44 h window reaches them.
    await send([
      { unit: "never-assigned", name: "click", ts: new Date(T0.getTime() + 41 * HOUR) },
      { unit: "never-assigned", name: "apply", ts: new Date(T0.getTime() + 20 * HOUR) },
      { unit: "u5", name: "purchase", ts: new Date(T0.getTime() + 43 * HOUR), value: 4 },
    ]);
    const before = await rollupSums(app.db.handle, input(new Date(T0.getTime() + 40 * HOUR)));
    expect(before.unassignedEvents).toBe(1);
    const runs = await Promise.all([
      rollupSums(app.db.handle, input(end)),
      rollupSums(app.db.handle, input(end)),
    ]);
    const expected = withoutScanCount(await experimentSums(app.db.handle, input(end)));
    expect(expected.unassignedEvents).toBe(2);
    for (const { mode, unitsRecomputed, ...sums } of runs) {
      expect(mode).toBe("incremental");
      expect(withoutScanCount(sums)).toEqual(expected);
    }
  });

  it.runIf(driver === "postgres")(
    "counts rows of a transaction open during a run once, in the run after it commits",
    async () => {
      const end = new Date(T0.getTime() + 44 * HOUR);
      const writer = postgres((app.db as ThrowawayPostgres).url, { max: 1, onnotice: () => {} });
      let commit: () => void = () => {};
      const committed = new Promise<void>((resolve) => {
        commit = resolve;
      });
      try {
        // Begun before the run and committed after it: its rows were received before the run
        // finished, yet the run cannot see them; the next run must add them, once.
        let written: () => void = () => {};
        const inserted = new Promise<void>((resolve) => {
          written = resolve;
        });
        const writing = writer.begin(async (tx) => {
          await tx`
            insert into events (unit, event_id, name, value, ts) values
              ('u7', 'open-1', 'purchase', 11, ${new Date(T0.getTime() + 30 * HOUR)}),
              ('u8', 'open-2', 'apply', 1, ${new Date(T0.getTime() + 31 * HOUR)}),
              ('u9', 'open-3', 'click', 1, ${new Date(T0.getTime() + 32 * HOUR)})`;
          written();
          await committed;
        });
        await inserted;
        // Long enough that the rows' received_at is well before the run's own start.
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        const during = await rollupSums(app.db.handle, input(end));
        const withoutOpen = withoutScanCount(await experimentSums(app.db.handle, input(end)));
        commit();
        await writing;
        const after = await rollupSums(app.db.handle, input(end));
        const withOpen = withoutScanCount(await experimentSums(app.db.handle, input(end)));
        expect(withOpen).not.toEqual(withoutOpen);
        for (const [run, expected] of [
          [during, withoutOpen],
          [after, withOpen],
        ] as const) {
          const { mode, unitsRecomputed, ...sums } = run;
          expect(mode).toBe("incremental");
          expect(withoutScanCount(sums)).toEqual(expected);
        }
        // Only the three units the committed rows belong to were touched.
        expect(after.unitsRecomputed).toBe(3);
      } finally {
        commit();
        await writer.end();
      }
    },
  );

  it("reads a later midnight from the rollup, equal to the one-pass numbers as of that midnight and now", async () => {
    const midnight = new Date(T0.getTime() + 48 * HOUR);
    const end = new Date(T0.getTime() + 60 * HOUR);
    // Around the midnight: an old unit's purchase before and after it, and a unit assigned after it.
    await send([
      { unit: "u10", name: "purchase", ts: new Date(T0.getTime() + 47 * HOUR), value: 5 },
      { unit: "u10", name: "purchase", ts: new Date(T0.getTime() + 50 * HOUR), value: 7 },
      { unit: "u20", name: "click", ts: new Date(T0.getTime() + 49 * HOUR) },
    ]);
    await assign(["after-midnight"], () => new Date(T0.getTime() + 52 * HOUR));
    await send([
      { unit: "after-midnight", name: "purchase", ts: new Date(T0.getTime() + 53 * HOUR), value: 3 },
    ]);
    const rolled = await rollupSumsWithHistory(app.db.handle, input(end), [midnight]);
    expect(rolled.latest.mode).toBe("incremental");
    expect(rolled.history.map((h) => h.asOf)).toEqual([midnight]);
    await expectOnePassNumbers(rolled, midnight, end);
  });

  it("rebuilds from one pass when a midnight before its end is asked for, giving the same history", async () => {
    const midnight = new Date(T0.getTime() + 24 * HOUR);
    const end = new Date(T0.getTime() + 60 * HOUR);
    const rolled = await rollupSumsWithHistory(app.db.handle, input(end), [midnight]);
    expect(rolled.latest.mode).toBe("rebuilt");
    await expectOnePassNumbers(rolled, midnight, end);
  });

  it("rebuilds when the analysis changes or the end moves back", async () => {
    const end = new Date(T0.getTime() + 40 * HOUR);
    const noCuped = await rollupSums(app.db.handle, { ...input(end), cupedLookbackHours: null });
    expect(noCuped.mode).toBe("rebuilt");
    const earlier = await rollupSums(app.db.handle, {
      ...input(new Date(T0.getTime() + 20 * HOUR)),
      cupedLookbackHours: null,
    });
    expect(earlier.mode).toBe("rebuilt");
    const { mode, unitsRecomputed, ...sums } = earlier;
    expect(withoutScanCount(sums)).toEqual(
      withoutScanCount(
        await experimentSums(app.db.handle, {
          ...input(new Date(T0.getTime() + 20 * HOUR)),
          cupedLookbackHours: null,
        }),
      ),
    );
  });

  it("rebuilds when its recorded snapshot is ahead of the database's, as after a restore into another cluster", async () => {
    const end = new Date(T0.getTime() + 60 * HOUR);
    await rollupSums(app.db.handle, input(end));
    expect((await rollupSums(app.db.handle, input(end))).mode).toBe("incremental");
    await app.db.handle.rows(sql`update experiment_rollups set snapshot = '4000000000:4000000000:'`);
    const restored = await rollupSums(app.db.handle, input(end));
    expect(restored.mode).toBe("rebuilt");
    const { mode, unitsRecomputed, ...sums } = restored;
    expect(withoutScanCount(sums)).toEqual(withoutScanCount(await experimentSums(app.db.handle, input(end))));
  });
});
