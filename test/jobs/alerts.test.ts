/**
 * Alert rules end to end: real data, the real jobs (and the real runner for job_failure), the
 * alert state, its history and the webhook messages queued in the outbox. Each kind fires and
 * resolves; re-running a job queues nothing new; racing evaluations record one transition.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModel } from "#app/services/models.server";
import { ingestLabels, ingestPredictions } from "#app/services/predictions.server";
import { mulberry32 } from "#app/stats/experiment";
import { getAlertRule } from "#db/queries/alerts";
import { getRun } from "#db/queries/job-runs";
import { insertWebhook } from "#db/queries/webhooks";
import { experiments } from "#db/schema";
import { evaluateAlert } from "#jobs/alert-evaluation";
import { experimentResultsJob } from "#jobs/experiment-results";
import { modelDriftJob } from "#jobs/model-drift";
import { modelPerformanceJob } from "#jobs/model-performance";
import { silentLogger } from "#lib/log";
import { createStandardMetrics, runningExperiment } from "#test/fixtures";
import { drivers, startTestApp, type TestApp } from "#test/harness";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Model data lives in October; the experiments' in the last hours (the API checks timestamps). */
const T0 = Date.UTC(2026, 9, 1);
const PER_DAY = 200;
const MODEL_NOW_1 = new Date(T0 + 13 * DAY + 12 * HOUR);
const MODEL_NOW_2 = new Date(T0 + 14 * DAY + 12 * HOUR);

describe.each(drivers)("alerting end to end on %s", (driver) => {
  let app: TestApp;
  let webhookId: string;
  const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

  async function rule(body: Record<string, unknown>): Promise<number> {
    const res = await app.api("POST", "/api/v1/alert-rules", { body: { webhooks: [webhookId], ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }

  /** The messages queued for a rule: type and dedupe key, in order. */
  async function messages(name: string): Promise<string[]> {
    const rows = await app.db.handle.rows<{ type: string }>(sql`
      select type from webhook_messages where payload->'rule'->>'name' = ${name} order by created_at, dedupe_key`);
    return rows.map((r) => r.type);
  }

  async function alertsOf(name: string) {
    const res = await app.api("GET", "/api/v1/alerts");
    return res.body.alerts.filter((a: { rule: { name: string } }) => a.rule.name === name);
  }

  async function assign(experiment: string, variant: string, from: number, count: number) {
    const assignments = Array.from({ length: count }, (_, i) => ({
      experiment,
      unit: `${experiment}-${variant}-${from + i}`,
      variant,
      timestamp: ago(2),
    }));
    expect((await app.api("POST", "/api/v1/assignments", { body: { assignments } })).status).toBe(200);
  }

  const runResults = (experiment: string) =>
    experimentResultsJob.run({
      db: app.db.handle,
      now: new Date(),
      log: silentLogger,
      target: { experiment },
    });

  beforeAll(async () => {
    app = await startTestApp(driver, { jobs: true });
    await createStandardMetrics(app);
    const webhook = await insertWebhook(app.db.handle, {
      url: "https://hooks.example.com/northstar",
      format: "standard",
      description: "test receiver",
      secretEncrypted: "unused",
    });
    webhookId = webhook.id;
    app.now.value = new Date(Date.now() - 3 * HOUR);
    const onlyConversion = { metrics: { primary: "conversion", secondary: [], guardrails: [] } };
    await runningExperiment(app, "srm-exp", onlyConversion);
    await runningExperiment(app, "race-exp", onlyConversion);
    await runningExperiment(app, "guard-exp");
    app.now.value = new Date();
  });
  afterAll(() => app.stop());

  it("srm: fires on a skewed split, once however often the job re-runs, and resolves when the split recovers", async () => {
    await rule({ name: "srm", kind: "srm", target: { experiment: "srm-exp" } });
    await assign("srm-exp", "control", 0, 300);
    await assign("srm-exp", "treatment", 0, 200);
    await runResults("srm-exp");
    const [alert] = await alertsOf("srm");
    expect(alert).toMatchObject({
      state: "firing",
      instance: "experiment:srm-exp",
      url: "/experiments/srm-exp",
    });
    expect(alert.value).toBeLessThan(0.001);
    await runResults("srm-exp");
    await runResults("srm-exp");
    expect(await messages("srm")).toEqual(["alert.firing"]);

    await assign("srm-exp", "treatment", 200, 100);
    await runResults("srm-exp");
    await runResults("srm-exp");
    expect((await alertsOf("srm"))[0]).toMatchObject({ state: "resolved" });
    expect(await messages("srm")).toEqual(["alert.firing", "alert.resolved"]);
    const history = await app.api("GET", `/api/v1/alerts/history?rule=${alert.rule.id}`);
    expect(history.body.transitions.map((t: { from: string; to: string }) => `${t.from}→${t.to}`)).toEqual([
      "firing→resolved",
      "inactive→firing",
    ]);
    const [payload] = await app.db.handle.rows<{ payload: Record<string, unknown> }>(sql`
      select payload from webhook_messages where type = 'alert.resolved' and payload->'rule'->>'name' = 'srm'`);
    expect(payload?.payload).toMatchObject({
      kind: "srm",
      state: "resolved",
      threshold: 0.001,
      target: { type: "experiment", key: "srm-exp" },
      url: "/experiments/srm-exp",
    });
    expect(payload?.payload.endsAt).toBeTypeOf("string");
  });

  it("guardrail and metric_significant: fire when revenue drops significantly, resolve when it recovers", async () => {
    await rule({ name: "guardrails", kind: "guardrail", target: { experiment: "guard-exp" } });
    await rule({
      name: "revenue moved",
      kind: "metric_significant",
      target: { experiment: "guard-exp", metric: "revenue" },
    });
    await assign("guard-exp", "control", 0, 200);
    await assign("guard-exp", "treatment", 0, 200);
    const purchase = (variant: string, i: number, value: number, tag = "") => ({
      id: `p-${variant}-${i}${tag}`,
      unit: `guard-exp-${variant}-${i}`,
      name: "purchase",
      value,
      timestamp: ago(1),
    });
    const events = Array.from({ length: 200 }, (_, i) => [
      purchase("control", i, 10 + (i % 5)),
      purchase("treatment", i, 5 + (i % 5)),
    ]).flat();
    expect((await app.api("POST", "/api/v1/events", { body: { events } })).status).toBe(200);
    await runResults("guard-exp");
    await runResults("guard-exp");
    expect(await alertsOf("guardrails")).toMatchObject([
      { state: "firing", instance: "experiment:guard-exp/metric:revenue", subject: { metric: "revenue" } },
    ]);
    expect(await alertsOf("revenue moved")).toMatchObject([{ state: "firing" }]);
    expect(await messages("guardrails")).toEqual(["alert.firing"]);

    // Treatment buys as much again as it fell short: the arms are now identical.
    const topUp = Array.from({ length: 200 }, (_, i) => purchase("treatment", i, 5, "-b"));
    expect((await app.api("POST", "/api/v1/events", { body: { events: topUp } })).status).toBe(200);
    await runResults("guard-exp");
    await runResults("guard-exp");
    expect(await alertsOf("guardrails")).toMatchObject([{ state: "resolved" }]);
    expect(await alertsOf("revenue moved")).toMatchObject([{ state: "resolved" }]);
    expect(await messages("guardrails")).toEqual(["alert.firing", "alert.resolved"]);
    expect(await messages("revenue moved")).toEqual(["alert.firing", "alert.resolved"]);
  });

  it("drift and performance: fire on a drifted, badly ranked day and resolve on the next good day", async () => {
    await createModel(
      app.db.handle,
      { key: "ranker-m", name: "Ranker", task: "binary_classification" },
      MODEL_NOW_1,
    );
    await rule({ name: "drift", kind: "drift", target: { model: "ranker-m" } });
    await rule({
      name: "auc",
      kind: "performance",
      target: { model: "ranker-m", metric: "auc", direction: "below" },
      threshold: 0.7,
    });
    const rand = mulberry32(20261001);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    async function day(d: number, bad: boolean, now: Date) {
      const rows = Array.from({ length: PER_DAY }, (_, i) => {
        const score = rand();
        return {
          id: `m${d}-${i}`,
          x: (bad ? 2 : 0) + normal(),
          score,
          label: (bad ? rand() < 0.5 : rand() < score) ? 1 : 0,
          ts: new Date(T0 + d * DAY + (i / PER_DAY) * 12 * HOUR),
        };
      });
      await ingestPredictions(
        app.db.handle,
        {
          predictions: rows.map((r) => ({
            id: r.id,
            model: "ranker-m",
            version: "v1",
            timestamp: r.ts,
            score: r.score,
            features: { x: r.x },
          })),
        },
        now,
      );
      await ingestLabels(
        app.db.handle,
        { labels: rows.map((r) => ({ predictionId: r.id, label: r.label })) },
        now,
      );
    }
    for (let d = 0; d < 13; d++) await day(d, false, MODEL_NOW_1);
    await day(13, true, MODEL_NOW_1);
    const runModel = async (now: Date) => {
      await modelDriftJob.run({ db: app.db.handle, now, log: silentLogger, target: { model: "ranker-m" } });
      await modelPerformanceJob.run({
        db: app.db.handle,
        now,
        log: silentLogger,
        target: { model: "ranker-m" },
      });
    };
    await runModel(MODEL_NOW_1);
    await runModel(MODEL_NOW_1);
    expect(await alertsOf("drift")).toMatchObject([
      {
        state: "firing",
        instance: "model:ranker-m/version:v1",
        url: "/models/ranker-m/versions/v1",
        value: 1,
      },
    ]);
    const [auc] = await alertsOf("auc");
    expect(auc.state).toBe("firing");
    expect(auc.value).toBeLessThan(0.7);
    expect(await messages("drift")).toEqual(["alert.firing"]);
    expect(await messages("auc")).toEqual(["alert.firing"]);

    await day(14, false, MODEL_NOW_2);
    await runModel(MODEL_NOW_2);
    await runModel(MODEL_NOW_2);
    expect(await alertsOf("drift")).toMatchObject([{ state: "resolved", value: 0 }]);
    expect((await alertsOf("auc"))[0].state).toBe("resolved");
    expect((await alertsOf("auc"))[0].value).toBeGreaterThan(0.7);
    expect(await messages("drift")).toEqual(["alert.firing", "alert.resolved"]);
    expect(await messages("auc")).toEqual(["alert.firing", "alert.resolved"]);
  });

  it("records one transition and queues one message when two evaluations of an alert race", async () => {
    const id = await rule({ name: "race", kind: "srm", target: { experiment: "race-exp" } });
    const row = await getAlertRule(app.db.handle, id);
    if (!row) throw new Error("rule vanished");
    const observation = {
      instance: "experiment:race-exp",
      subject: { experiment: "race-exp" },
      active: true,
      value: 1e-9,
    };
    const now = new Date();
    const recorded = await Promise.all(
      [now, new Date(now.getTime() + 1000)].map((at) =>
        app.db.handle.transaction((tx) => evaluateAlert(tx, row, observation, at)),
      ),
    );
    expect(recorded.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await messages("race")).toEqual(["alert.firing"]);

    // And through the job itself: two runs at once on a split that has recovered.
    await assign("race-exp", "control", 0, 100);
    await assign("race-exp", "treatment", 0, 100);
    await Promise.all([runResults("race-exp"), runResults("race-exp")]);
    expect(await messages("race")).toEqual(["alert.firing", "alert.resolved"]);
    const history = await app.api("GET", `/api/v1/alerts/history?rule=${id}`);
    expect(history.body.transitions).toHaveLength(2);
  });

  it("repeats the firing message after repeatInterval while it keeps firing, once per interval", async () => {
    const id = await rule({
      name: "repeat",
      kind: "srm",
      target: { experiment: "race-exp" },
      repeatInterval: "4h",
    });
    const row = await getAlertRule(app.db.handle, id);
    if (!row) throw new Error("rule vanished");
    const observation = {
      instance: "experiment:race-exp",
      subject: { experiment: "race-exp" },
      active: true,
      value: 1e-9,
    };
    const t0 = Date.now();
    const evaluate = (minutes: number) =>
      app.db.handle.transaction((tx) => evaluateAlert(tx, row, observation, new Date(t0 + minutes * 60_000)));
    for (const minutes of [0, 120, 240, 241, 300, 480]) await evaluate(minutes);
    const keys = await app.db.handle.rows<{ type: string; dedupe_key: string }>(sql`
      select type, dedupe_key from webhook_messages where payload->'rule'->>'name' = 'repeat' order by dedupe_key`);
    expect(keys.map((k) => k.type)).toEqual(["alert.firing", "alert.firing", "alert.firing"]);
    const start = new Date(t0).toISOString();
    expect(keys.map((k) => k.dedupe_key)).toEqual([
      `${id}:experiment:race-exp:firing:${start}`,
      `${id}:experiment:race-exp:repeat:${start}:1`,
      `${id}:experiment:race-exp:repeat:${start}:2`,
    ]);
  });

  it("job_failure: fires after N failed runs in a row, through the runner, and resolves on the next success", async () => {
    if (!app.runner) throw new Error("this test needs the job runner");
    await rule({
      name: "results failing",
      kind: "job_failure",
      target: { job: "experiment-results" },
      threshold: 2,
    });
    await runningExperiment(app, "broken");
    // An experiment whose arms vanished (a bad manual edit) makes the results job fail.
    const [broken] = await app.db.handle.db.select().from(experiments).where(eq(experiments.key, "broken"));
    await app.db.handle.rows(sql`delete from variants where experiment_id = ${broken?.id}`);
    const runToEnd = async (experiment: string) => {
      const id = await app.runner?.enqueue("experiment-results", { experiment });
      const deadline = Date.now() + 60_000;
      for (;;) {
        const run = await getRun(app.db.handle, id ?? -1);
        if (run?.status === "succeeded" || run?.status === "failed") return run.status;
        if (Date.now() > deadline) throw new Error(`run ${id} did not finish`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    expect(await runToEnd("broken")).toBe("failed");
    expect((await alertsOf("results failing"))[0]).toMatchObject({ state: "inactive", value: 1 });
    expect(await runToEnd("broken")).toBe("failed");
    expect((await alertsOf("results failing"))[0]).toMatchObject({ state: "firing", value: 2, url: "/jobs" });
    expect(await runToEnd("srm-exp")).toBe("succeeded");
    expect((await alertsOf("results failing"))[0]).toMatchObject({ state: "resolved", value: 0 });
    expect(await messages("results failing")).toEqual(["alert.firing", "alert.resolved"]);
  });
});
