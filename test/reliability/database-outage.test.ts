/**
 * The database goes away under load — stopped for 30 s, or a table locked — on a cluster of the
 * test's own: the API answers 503 JSON with Retry-After within seconds (never 500, never a hang),
 * health says so, a server started meanwhile waits for the database, and all recover by themselves.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCluster, type PgCluster, postgresBinaries } from "./pg-cluster";
import { type ServerProcess, send, startServer, type Timed } from "#test/server-process";

const OUTAGE_MS = 30_000;
// NORTHSTAR_DB_TIMEOUT_MS's default (5 s) plus the deadline's second, plus slack for a busy machine.
// Answers from this point on must be 503s (the lock has outlasted every deadline).
const SURELY_TIMED_OUT_MS = 9_000;
// The slowest answer allowed: one deadline (timeout + 1 s = 6 s) covers all of a request's
// database waits — key check and write together (db/deadline.ts `deadlineBudget`) — plus 3 s of
// slack for a loaded machine. With a deadline per wait an answer took 10.0 s (issue 13).
const LONGEST_ANSWER_MS = 9_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Clients alternating an ingest batch and a health check until `stop()`; every answer is kept. */
function load(url: string, clients: number) {
  const answers: Array<Timed & { at: number; what: string }> = [];
  let running = true;
  let n = 0;
  const client = async (c: number) => {
    while (running) {
      const i = n++;
      const events = Array.from({ length: 20 }, (_, e) => ({
        id: `l${c}-${i}-${e}`,
        unit: `u${e}`,
        name: "purchase",
        timestamp: new Date().toISOString(),
      }));
      answers.push({
        ...(await send(`${url}/api/v1/events`, "POST", { events }, 30_000)),
        at: Date.now(),
        what: "events",
      });
      answers.push({
        ...(await send(`${url}/api/v1/health`, "GET", undefined, 30_000)),
        at: Date.now(),
        what: "health",
      });
      await sleep(100);
    }
  };
  const all = Array.from({ length: clients }, (_, c) => client(c));
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(all);
    },
  };
}

function expectServiceUnavailable(answer: Timed) {
  expect(answer.status).toBe(503);
  expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
  expect(answer.headers.get("retry-after")).toMatch(/^\d+$/);
  expect((answer.body as { error: { code: string } }).error.code).toBe("SERVICE_UNAVAILABLE");
}

describe.skipIf(!postgresBinaries())("database outage on a throwaway cluster", () => {
  let cluster: PgCluster;
  let server: ServerProcess;
  const others: ServerProcess[] = [];
  beforeAll(async () => {
    cluster = await createCluster();
    server = await startServer({ DATABASE_URL: cluster.url });
  });
  afterAll(async () => {
    for (const s of [server, ...others]) await s?.kill("SIGTERM").catch(() => {});
    cluster?.destroy();
  });

  it("answers 503 + Retry-After while a table is locked, within seconds, and health too", async () => {
    const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
    try {
      const traffic = load(server.url, 12);
      await sleep(2_000);
      const lockedAt = Date.now();
      await admin.begin(async (tx) => {
        await tx`lock table events in access exclusive mode`;
        await sleep(12_000);
      });
      await sleep(3_000);
      await traffic.stop();
      const during = traffic.answers.filter(
        (a) => a.at > lockedAt + SURELY_TIMED_OUT_MS && a.at < lockedAt + 12_000,
      );
      const slowest = (what: string) =>
        Math.max(...traffic.answers.filter((a) => a.what === what).map((a) => a.ms)).toFixed(0);
      console.info(
        `lock: ${traffic.answers.length} answers, ${traffic.answers.filter((a) => a.status === 503).length} × 503, ` +
          `slowest events ${slowest("events")} ms, health ${slowest("health")} ms`,
      );
      expect(during.length).toBeGreaterThan(0);
      for (const a of traffic.answers) {
        expect([200, 503], JSON.stringify(a.body)).toContain(a.status);
        expect(a.ms).toBeLessThan(LONGEST_ANSWER_MS);
      }
      for (const a of during.filter((x) => x.what === "events")) expectServiceUnavailable(a);

      // Health must say so while no connection is free. Left to the load above, whether the pool
      // was full at the moment a health check asked was luck (no health 503 in 1 of 5 runs, and
      // in 1 of 3 before the single deadline): more blocked writes than the server's pool has
      // connections (10) make sure of it.
      let jammed: Timed[] = [];
      let stuckHealth: Timed | undefined;
      await admin.begin(async (tx) => {
        await tx`lock table events in access exclusive mode`;
        const jam = Array.from({ length: 14 }, (_, j) =>
          send(`${server.url}/api/v1/events`, "POST", {
            events: [
              { id: `jam-${j}`, unit: "u-jam", name: "purchase", timestamp: new Date().toISOString() },
            ],
          }),
        );
        await sleep(1_500);
        stuckHealth = await send(`${server.url}/api/v1/health`, "GET");
        jammed = await Promise.all(jam);
      });
      console.info(
        `pool jammed: health ${stuckHealth?.status} in ${stuckHealth?.ms.toFixed(0)} ms; ` +
          `${jammed.filter((a) => a.status === 503).length}/${jammed.length} writes 503, ` +
          `slowest ${Math.max(...jammed.map((a) => a.ms)).toFixed(0)} ms`,
      );
      expectServiceUnavailable(stuckHealth as Timed);
      for (const a of jammed) {
        expectServiceUnavailable(a);
        expect(a.ms).toBeLessThan(LONGEST_ANSWER_MS);
      }
      // Afterwards by itself.
      expect((await send(`${server.url}/api/v1/health`, "GET")).status).toBe(200);
    } finally {
      await admin.end();
    }
  });

  it("answers 503 while PostgreSQL is stopped for 30 s, waits at startup, and recovers by itself", async () => {
    const traffic = load(server.url, 4);
    await sleep(3_000);
    const stoppedAt = Date.now();
    cluster.stop();
    // A server started now must wait for the database, not exit.
    const late = await startServer({ DATABASE_URL: cluster.url }, { listening: false });
    others.push(late);
    await late.waitFor(/database unavailable; retrying/, 60_000);
    await sleep(OUTAGE_MS - (Date.now() - stoppedAt));
    const restartedAt = Date.now();
    cluster.start();
    await late.waitFor(/"message":"listening"/, 60_000);
    await sleep(10_000);
    await traffic.stop();

    const answers = traffic.answers;
    const down = answers.filter((a) => a.at > stoppedAt + 1_000 && a.at < restartedAt);
    const recovered = answers.filter((a) => a.at > restartedAt + 5_000);
    console.info(
      `outage: ${answers.length} answers, ${down.length} while down (max ${Math.max(...down.map((a) => a.ms)).toFixed(0)} ms), ` +
        `${recovered.filter((a) => a.status === 200).length}/${recovered.length} ok after restart`,
    );
    expect(down.length).toBeGreaterThan(20);
    for (const a of down) expectServiceUnavailable(a);
    for (const a of answers) {
      expect(a.failed).toBeUndefined();
      expect([200, 503]).toContain(a.status);
      expect(a.ms).toBeLessThan(LONGEST_ANSWER_MS);
    }
    expect(recovered.length).toBeGreaterThan(10);
    for (const a of recovered) expect(a.status).toBe(200);
    expect((await send(`${late.url}/api/v1/health`, "GET")).status).toBe(200);
  });
});
