import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experiments, jobRuns } from "#db/schema";
import { failStaleRuns, markCrashed, markRunning } from "#db/queries/job-runs";
import { QUEUE_OPTIONS } from "#jobs/runner";
import { createStandardMetrics, runningExperiment } from "#test/fixtures";
import { type ApiResponse, drivers, startTestApp, type TestApp } from "#test/harness";

async function waitForRun(app: TestApp, id: number): Promise<ApiResponse> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await app.api("GET", `/api/v1/jobs/runs/${id}`);
    if (res.body.status === "succeeded" || res.body.status === "failed" || Date.now() > deadline) return res;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.each(drivers)("jobs API and runner on %s", (driver) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(driver, { jobs: true });
    await createStandardMetrics(app);
    app.now.value = new Date(Date.now() - 3 * 3600_000);
    await runningExperiment(app, "good");
    app.now.value = new Date();
    const assignments = Array.from({ length: 50 }, (_, i) => ({
      experiment: "good",
      unit: `u${i}`,
      variant: i % 2 ? "treatment" : "control",
      timestamp: new Date(Date.now() - 2 * 3600_000).toISOString(),
    }));
    await app.api("POST", "/api/v1/assignments", { body: { assignments } });
    const events = Array.from({ length: 20 }, (_, i) => ({
      id: `e${i}`,
      unit: `u${i}`,
      name: "apply",
      timestamp: new Date(Date.now() - 3600_000).toISOString(),
    }));
    await app.api("POST", "/api/v1/events", { body: { events } });
  });
  afterAll(() => app.stop());

  it("lists the jobs with their schedules", async () => {
    const res = await app.api("GET", "/api/v1/jobs");
    expect(res.status).toBe(200);
    expect(res.body.jobs.find((j: { name: string }) => j.name === "experiment-results")).toMatchObject({
      schedule: "*/15 * * * *",
      lastSuccessAt: null,
      runs: [],
    });
  });

  it("runs a job on demand for one experiment and records the run", async () => {
    const queued = await app.api("POST", "/api/v1/jobs/experiment-results/run", {
      body: { experiment: "good" },
    });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({
      status: "queued",
      trigger: "manual",
      target: { experiment: "good" },
    });
    const done = await waitForRun(app, queued.body.id);
    expect(done.body).toMatchObject({ status: "succeeded", itemsOk: 1, itemsFailed: 0, error: null });
    expect(done.body.durationMs).toBeGreaterThanOrEqual(0);
    expect(done.body.rowsScanned).toBe(20);
    const results = await app.api("GET", "/api/v1/experiments/good/results");
    expect(results.status).toBe(200);
    expect(results.body.srm.counts).toEqual({ control: 25, treatment: 25 });
    const list = await app.api("GET", "/api/v1/jobs");
    const job = list.body.jobs.find((j: { name: string }) => j.name === "experiment-results");
    expect(job.runs[0].id).toBe(queued.body.id);
    expect(job.lastSuccessAt).not.toBeNull();
  });

  it("keeps going when one experiment fails, and shows the run as failed with the problem", async () => {
    await runningExperiment(app, "broken");
    // An experiment whose arms vanished (as after a bad manual edit) cannot be analysed.
    const [row] = await app.db.handle.db.select().from(experiments).where(eq(experiments.key, "broken"));
    await app.db.handle.db.execute(
      (await import("drizzle-orm")).sql`delete from variants where experiment_id = ${row?.id}`,
    );
    const queued = await app.api("POST", "/api/v1/jobs/experiment-results/run", {
      raw: "",
      headers: { "content-length": "0" },
    });
    expect(queued.status).toBe(202);
    const done = await waitForRun(app, queued.body.id);
    expect(done.body).toMatchObject({ status: "failed", itemsOk: 1, itemsFailed: 1 });
    expect(done.body.problems[0].item).toBe("experiment broken");
    expect((await app.api("GET", "/api/v1/experiments/good/results")).status).toBe(200);
  });

  it("marks runs abandoned by a dead worker as failed", async () => {
    const [row] = await app.db.handle.db
      .insert(jobRuns)
      .values({
        job: "experiment-results",
        status: "running",
        trigger: "schedule",
        startedAt: new Date(Date.now() - 7200_000),
      })
      .returning();
    await failStaleRuns(app.db.handle, new Date(Date.now() - 3600_000));
    const res = await app.api("GET", `/api/v1/jobs/runs/${row?.id}`);
    expect(res.body).toMatchObject({
      status: "failed",
      error: "interrupted: the worker stopped during this attempt",
    });
  });

  it("keeps a failed attempt's error when pg-boss retries the run", async () => {
    const [row] = await app.db.handle.db
      .insert(jobRuns)
      .values({ job: "experiment-results", status: "queued", trigger: "manual" })
      .returning();
    const runId = row?.id ?? 0;
    const first = { runId, attempt: 1, bossJobId: "job-a" };
    await markRunning(app.db.handle, first, new Date());
    await markCrashed(app.db.handle, first, new Date(), "connection reset while reading events");
    const second = { runId, attempt: 2, bossJobId: "job-a" };
    await markRunning(app.db.handle, second, new Date());
    // The first attempt, declared dead, reports late: it must not overwrite the retry's state.
    await markCrashed(app.db.handle, first, new Date(), "late report of a stale attempt");
    const res = await app.api("GET", `/api/v1/jobs/runs/${runId}`);
    expect(res.body).toMatchObject({
      status: "running",
      attempt: 2,
      error: null,
      earlierErrors: [{ attempt: 1, error: "connection reset while reading events" }],
    });
  });

  it("sets the expiry pg-boss reads on every job queue", async () => {
    const rows = await app.db.handle.rows<{
      name: string;
      expire_seconds: number | null;
      retry_delay: number;
    }>(
      sql`select name, expire_seconds, retry_delay from pgboss.queue where left(name, 8) <> '__pgboss' order by name`,
    );
    // The webhook delivery queue is the delivery worker's, with its own short expiry: set, not NULL.
    expect(rows.map((r) => r.name)).toEqual([
      "experiment-results",
      "model-drift",
      "model-performance",
      "webhook-delivery",
    ]);
    for (const row of rows.filter((r) => r.name !== "webhook-delivery")) {
      expect(row.expire_seconds).toBe(QUEUE_OPTIONS.expireInSeconds);
      expect(row.retry_delay).toBe(QUEUE_OPTIONS.retryDelay);
    }
    expect(rows.find((r) => r.name === "webhook-delivery")?.expire_seconds).toBeGreaterThan(0);
  });

  it("answers bad requests with 4xx", async () => {
    expect((await app.api("POST", "/api/v1/jobs/nope/run", { body: {} })).status).toBe(404);
    expect(
      (await app.api("POST", "/api/v1/jobs/experiment-results/run", { body: { experiment: "nope" } })).status,
    ).toBe(404);
    const both = await app.api("POST", "/api/v1/jobs/experiment-results/run", {
      body: { experiment: "good", model: "m" },
    });
    expect(both.status).toBe(400);
    expect((await app.api("POST", "/api/v1/jobs/model-drift/run", { body: { model: "nope" } })).status).toBe(
      404,
    );
    expect(
      (await app.api("POST", "/api/v1/jobs/model-drift/run", { body: { experiment: "good" } })).status,
    ).toBe(400);
    expect((await app.api("GET", "/api/v1/jobs/runs/abc")).status).toBe(400);
    expect((await app.api("GET", "/api/v1/jobs/runs/999999")).status).toBe(404);
    expect(
      (await app.api("POST", "/api/v1/jobs/experiment-results/run", { key: app.ingestKey, body: {} })).status,
    ).toBe(403);
  });
});
