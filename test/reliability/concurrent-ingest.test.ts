/**
 * 8 clients send overlapping batches of the same items, each batch shuffled differently, to every
 * batch writer at once. Before rows were inserted in a canonical key order, PostgreSQL answered
 * most of these requests with a deadlock (500). Every request must succeed, and the rows stored
 * must be exactly the distinct items sent, each counted as accepted once.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "#app/stats/experiment";
import { createStandardMetrics, runningExperiment } from "#test/fixtures";
import { type ApiResponse, drivers, startTestApp, type TestApp } from "#test/harness";

const CLIENTS = 8;
const BATCHES_PER_CLIENT = 4;
const BATCH_SIZE = 250;
const DISTINCT_ITEMS = 600;

/** Batches of item indexes for each client: random overlapping subsets, each in its own order. */
function plan(seed: number): number[][][] {
  // Seeded, so that a failure reproduces with the same batches.
  const next = mulberry32(seed);
  return Array.from({ length: CLIENTS }, () =>
    Array.from({ length: BATCHES_PER_CLIENT }, () => {
      const items = Array.from({ length: DISTINCT_ITEMS }, (_, i) => i);
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j] as number, items[i] as number];
      }
      return items.slice(0, BATCH_SIZE);
    }),
  );
}

interface Outcome {
  statuses: number[];
  accepted: number;
  sent: Set<number>;
}

/** Every client sends its batches one after another; the clients run at once. */
async function sendConcurrently(
  seed: number,
  send: (items: number[], client: number) => Promise<ApiResponse>,
): Promise<Outcome> {
  const outcome: Outcome = { statuses: [], accepted: 0, sent: new Set() };
  await Promise.all(
    plan(seed).map(async (batches, client) => {
      for (const items of batches) {
        const res = await send(items, client);
        outcome.statuses.push(res.status);
        if (res.status === 200) {
          outcome.accepted += res.body.accepted;
          for (const i of items) outcome.sent.add(i);
        }
      }
    }),
  );
  return outcome;
}

describe.each(drivers)("concurrent overlapping ingest on %s", (driver) => {
  let app: TestApp;
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const count = async (query: ReturnType<typeof sql>) =>
    Number((await app.db.handle.rows<{ n: number }>(query))[0]?.n ?? -1);
  const post = (path: string, body: unknown) => app.api("POST", path, { key: app.ingestKey, body });

  beforeAll(async () => {
    app = await startTestApp(driver);
    await createStandardMetrics(app);
    await runningExperiment(app, "exp");
    for (const body of [
      { key: "churn", name: "churn", task: "binary_classification" },
      { key: "price", name: "price", task: "regression" },
    ]) {
      expect((await app.api("POST", "/api/v1/models", { body })).status).toBe(201);
    }
  });
  afterAll(() => app.stop());

  const expectAllStored = (outcome: Outcome, rows: number) => {
    expect(outcome.statuses.filter((s) => s !== 200)).toEqual([]);
    expect(outcome.statuses).toHaveLength(CLIENTS * BATCHES_PER_CLIENT);
    expect(rows).toBe(outcome.sent.size);
    expect(outcome.accepted).toBe(outcome.sent.size);
  };

  it("events: every request succeeds; rows = distinct = Σ accepted", async () => {
    const outcome = await sendConcurrently(1, (items) =>
      post("/api/v1/events", {
        events: items.map((i) => ({ id: `e${i}`, unit: `u${i % 97}`, name: "click", timestamp: ago(5) })),
      }),
    );
    expectAllStored(outcome, await count(sql`select count(*)::int as n from events`));
  });

  it("assignments: every request succeeds; each unit recorded once, at its earliest reported time", async () => {
    // Client c reports a unit c minutes earlier than client 0, so re-sends also move exposure times
    // back (an update of rows other clients update too).
    const base = Date.now() - 10 * 60_000;
    const timeOf = (client: number) => new Date(base - client * 60_000).toISOString();
    const outcome = await sendConcurrently(2, (items, client) =>
      post("/api/v1/assignments", {
        assignments: items.map((i) => ({
          experiment: "exp",
          unit: `u${i}`,
          variant: i % 2 === 0 ? "control" : "treatment",
          timestamp: timeOf(client),
        })),
      }),
    );
    expectAllStored(outcome, await count(sql`select count(*)::int as n from assignments`));
    expect(await count(sql`select count(*)::int as n from assignment_conflicts`)).toBe(0);
    const earliest = new Map<string, string>();
    plan(2).forEach((batches, client) => {
      for (const i of batches.flat()) {
        const t = timeOf(client);
        if ((earliest.get(`u${i}`) ?? t) >= t) earliest.set(`u${i}`, t);
      }
    });
    const stored = await app.db.handle.rows<{ unit: string; at: string }>(
      sql`select unit, to_char(assigned_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at from assignments`,
    );
    expect(new Map(stored.map((r) => [r.unit, r.at]))).toEqual(earliest);
  });

  const prediction = (i: number) => ({
    id: `p${i}`,
    model: i % 3 === 0 ? "price" : "churn",
    version: `v${i % 5}`,
    timestamp: ago(5),
    score: (i % 10) / 10,
    features: { age: i % 70, plan: i % 2 === 0 ? "pro" : "free" },
  });

  it("predictions: every request succeeds; rows = distinct = Σ accepted, versions created once", async () => {
    const outcome = await sendConcurrently(3, (items) =>
      post("/api/v1/predictions", { predictions: items.map(prediction) }),
    );
    expectAllStored(outcome, await count(sql`select count(*)::int as n from predictions`));
    expect(await count(sql`select count(*)::int as n from model_versions`)).toBe(10);
  });

  it("labels: every request succeeds; rows = distinct = Σ accepted", async () => {
    // The predictions they label, stored up front whatever the test before found.
    const all = Array.from({ length: DISTINCT_ITEMS }, (_, i) => prediction(i));
    expect((await post("/api/v1/predictions", { predictions: all })).status).toBe(200);
    const outcome = await sendConcurrently(4, (items) =>
      post("/api/v1/labels", {
        labels: items.map((i) => ({ predictionId: `p${i}`, label: i % 2, timestamp: ago(1) })),
      }),
    );
    expectAllStored(outcome, await count(sql`select count(*)::int as n from labels`));
  });
});
