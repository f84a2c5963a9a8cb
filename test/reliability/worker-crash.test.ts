/**
 * kill -9 the worker in the middle of a run: another worker notices the missing heartbeats, the
 * run is failed and retried by pg-boss within a minute or two (not after pg-boss's 15-minute
 * default expiry), the retry keeps why the first attempt failed, and the results are whole.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRun } from "#db/queries/job-runs";
import { jobs } from "#jobs/registry";
import { type JobRunner, startJobRunner } from "#jobs/runner";
import { silentLogger } from "#lib/log";
import { createStandardMetrics, runningExperiment } from "#test/fixtures";
import { startTestApp, type TestApp } from "#test/harness";
import { type ChildNorthstar, startWorker } from "#test/server-process";
import type { ThrowawayPostgres } from "#test/throwaway-database";

const RETRIED_WITHIN_MS = 120_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!process.env.DATABASE_URL)("a worker killed mid-run", () => {
  let app: TestApp;
  let queue: JobRunner;
  const workers: ChildNorthstar[] = [];
  beforeAll(async () => {
    app = await startTestApp("postgres");
    await createStandardMetrics(app);
    app.now.value = new Date(Date.now() - 3 * 3600_000);
    await runningExperiment(app, "good");
    app.now.value = new Date();
    const at = new Date(Date.now() - 2 * 3600_000).toISOString();
    const assignments = Array.from({ length: 200 }, (_, i) => ({
      experiment: "good",
      unit: `u${i}`,
      variant: i % 2 ? "treatment" : "control",
      timestamp: at,
    }));
    await app.api("POST", "/api/v1/assignments", { body: { assignments } });
    const events = Array.from({ length: 100 }, (_, i) => ({
      id: `e${i}`,
      unit: `u${i}`,
      name: "apply",
      timestamp: new Date(Date.now() - 3600_000).toISOString(),
    }));
    await app.api("POST", "/api/v1/events", { body: { events } });
    queue = await startJobRunner({ db: app.db.handle, log: silentLogger, jobs, work: false });
    // Two workers; no scheduled runs in the way (once a year).
    const env = {
      DATABASE_URL: (app.db as ThrowawayPostgres).url,
      NORTHSTAR_SCHEDULE_EXPERIMENT_RESULTS: "0 0 1 1 *",
      NORTHSTAR_SCHEDULE_MODEL_DRIFT: "0 0 1 1 *",
      NORTHSTAR_SCHEDULE_MODEL_PERFORMANCE: "0 0 1 1 *",
    };
    workers.push(await startWorker(env), await startWorker(env));
  });
  afterAll(async () => {
    for (const w of workers) await w.kill("SIGTERM");
    await queue?.stop();
    await app?.stop();
  });

  it("runs the job again within two minutes and records why the first attempt stopped", async () => {
    // Hold the events table: the run starts, then waits on it — mid-run — until the worker dies.
    const blocker = postgres((app.db as ThrowawayPostgres).url, { max: 1, onnotice: () => {} });
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holding = blocker.begin(async (tx) => {
      await tx`lock table events in access exclusive mode`;
      await released;
    });
    try {
      const runId = await queue.enqueue("experiment-results", { experiment: "good" });
      const started = await Promise.race(
        workers.map((w) => w.waitFor(new RegExp(`"job started".*"runId":${runId},`), 60_000).then(() => w)),
      );
      await sleep(1_000);
      expect((await getRun(app.db.handle, runId))?.status).toBe("running");
      await started.kill("SIGKILL");
      const killedAt = Date.now();
      release();
      await holding;

      let run = await getRun(app.db.handle, runId);
      while (run?.status !== "succeeded" && Date.now() - killedAt < RETRIED_WITHIN_MS + 30_000) {
        await sleep(1_000);
        run = await getRun(app.db.handle, runId);
      }
      const elapsed = Date.now() - killedAt;
      console.info(
        `worker killed mid-run: run ${runId} succeeded on attempt ${run?.attempt} after ${elapsed} ms`,
      );
      expect(run).toMatchObject({ status: "succeeded", attempt: 2, error: null });
      expect(run?.earlierErrors).toEqual([{ attempt: 1, error: expect.stringMatching(/^interrupted/) }]);
      expect(elapsed).toBeLessThan(RETRIED_WITHIN_MS);

      // The surviving attempt's snapshot is whole: every assigned unit is counted once.
      const results = await app.api("GET", "/api/v1/experiments/good/results");
      expect(results.status).toBe(200);
      const counts = Object.values(results.body.srm.counts as Record<string, number>);
      expect(counts.reduce((sum, n) => sum + n, 0)).toBe(200);
    } finally {
      release();
      await holding.catch(() => {});
      await blocker.end();
    }
  });
});
