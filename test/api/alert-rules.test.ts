import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModel } from "#app/services/models.server";
import { createStandardMetrics, runningExperiment } from "#test/fixtures";
import { drivers, startTestApp, type TestApp } from "#test/harness";

describe.each(drivers)("alert rules API on %s", (driver) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(driver);
    await createStandardMetrics(app);
    await runningExperiment(app, "checkout");
    await createModel(
      app.db.handle,
      { key: "ranker", name: "Ranker", task: "binary_classification" },
      new Date(),
    );
  });
  afterAll(() => app.stop());

  it("creates a rule of each kind with the kind's defaults filled in", async () => {
    const bodies = [
      { name: "SRM anywhere", kind: "srm" },
      { name: "Checkout guardrails", kind: "guardrail", target: { experiment: "checkout" }, for: "15m" },
      {
        name: "Checkout conversion",
        kind: "metric_significant",
        target: { experiment: "checkout", metric: "conversion" },
      },
      { name: "Ranker drift share", kind: "drift", target: { model: "ranker" }, threshold: 0.3 },
      {
        name: "Ranker AUC",
        kind: "performance",
        target: { model: "ranker", metric: "auc", direction: "below" },
        threshold: 0.7,
        repeatInterval: "1h30m",
      },
      { name: "Results job failing", kind: "job_failure", target: { job: "experiment-results" } },
    ];
    for (const body of bodies) {
      const res = await app.api("POST", "/api/v1/alert-rules", { body });
      expect(res.status, body.name).toBe(201);
    }
    const list = await app.api("GET", "/api/v1/alert-rules");
    const byName = Object.fromEntries(list.body.rules.map((r: { name: string }) => [r.name, r]));
    expect(byName["SRM anywhere"]).toMatchObject({
      target: {},
      threshold: 0.001,
      for: "0s",
      repeatInterval: "4h",
      webhooks: [],
      enabled: true,
    });
    expect(byName["Checkout guardrails"]).toMatchObject({ for: "15m", threshold: null });
    expect(byName["Ranker AUC"]).toMatchObject({ threshold: 0.7, repeatInterval: "1h30m" });
    expect(byName["Results job failing"]).toMatchObject({ threshold: 3 });
  });

  it("answers 400 with the field path and the reason for each bad field", async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [{ name: "x", kind: "nope" }, "kind", /./],
      [{ name: "x", kind: "guardrail" }, "target", /./],
      [{ name: "x", kind: "guardrail", target: { experiment: "Bad Key" } }, "target.experiment", /match/],
      [
        { name: "x", kind: "performance", target: { model: "ranker", metric: "auc" }, threshold: 0.7 },
        "target.direction",
        /./,
      ],
      [
        { name: "x", kind: "performance", target: { model: "ranker", metric: "auc", direction: "below" } },
        "threshold",
        /./,
      ],
      [{ name: "x", kind: "srm", for: "soon" }, "for", /duration/],
      [{ name: "x", kind: "srm", repeatInterval: "31d" }, "repeatInterval", /30d/],
      [{ name: "x", kind: "srm", threshold: 2 }, "threshold", /./],
      [
        { name: "x", kind: "drift", target: { model: "ranker", feature: "age" }, threshold: 0.5 },
        "threshold",
        /all features/,
      ],
      [{ name: "x", kind: "srm", extra: 1 }, "extra", /unknown field/],
      [
        { name: "x", kind: "guardrail", target: { experiment: "missing" } },
        "target.experiment",
        /no experiment/,
      ],
      [{ name: "x", kind: "drift", target: { model: "missing" } }, "target.model", /no model/],
      [{ name: "x", kind: "job_failure", target: { job: "cleanup" } }, "target.job", /no job/],
    ];
    for (const [body, path, reason] of cases) {
      const res = await app.api("POST", "/api/v1/alert-rules", { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const detail = res.body.error.details.find((d: { path: string }) => d.path === path);
      expect(detail, `${JSON.stringify(body)} → ${JSON.stringify(res.body.error.details)}`).toBeDefined();
      expect(detail.message).toMatch(reason);
    }
    const names = (await app.api("GET", "/api/v1/alert-rules")).body.rules.map(
      (r: { name: string }) => r.name,
    );
    expect(names).not.toContain("x");
  });

  it("refuses a second rule with the same name", async () => {
    const res = await app.api("POST", "/api/v1/alert-rules", { body: { name: "SRM anywhere", kind: "srm" } });
    expect(res.status).toBe(409);
    expect(res.body.error.details[0].path).toBe("name");
  });

  it("patches a rule, validating the merged whole, and never changes its kind", async () => {
    const created = await app.api("POST", "/api/v1/alert-rules", {
      body: { name: "Patch me", kind: "srm", target: { experiment: "checkout" }, threshold: 0.01 },
    });
    const id = created.body.id;
    const disabled = await app.api("PATCH", `/api/v1/alert-rules/${id}`, {
      body: { enabled: false, for: "5m" },
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({
      enabled: false,
      for: "5m",
      threshold: 0.01,
      target: { experiment: "checkout" },
    });
    const reset = await app.api("PATCH", `/api/v1/alert-rules/${id}`, { body: { threshold: null } });
    expect(reset.body.threshold).toBe(0.001);
    const badTarget = await app.api("PATCH", `/api/v1/alert-rules/${id}`, {
      body: { target: { model: "ranker" } },
    });
    expect(badTarget.status).toBe(400);
    expect(badTarget.body.error.details[0].path).toBe("target.model");
    const kind = await app.api("PATCH", `/api/v1/alert-rules/${id}`, { body: { kind: "drift" } });
    expect(kind.status).toBe(400);
    expect(kind.body.error.details[0]).toMatchObject({ path: "kind", message: "unknown field" });
    expect((await app.api("GET", `/api/v1/alert-rules/${id}`)).body).toMatchObject({
      enabled: false,
      threshold: 0.001,
    });
  });

  it("deletes a rule; unknown ids are 404s", async () => {
    const created = await app.api("POST", "/api/v1/alert-rules", {
      body: { name: "Delete me", kind: "srm" },
    });
    const id = created.body.id;
    expect((await app.api("DELETE", `/api/v1/alert-rules/${id}`)).body).toEqual({ id, deleted: true });
    expect((await app.api("GET", `/api/v1/alert-rules/${id}`)).status).toBe(404);
    expect((await app.api("DELETE", `/api/v1/alert-rules/${id}`)).status).toBe(404);
    expect((await app.api("PATCH", "/api/v1/alert-rules/abc", { body: { enabled: true } })).status).toBe(404);
  });

  it("needs an admin key", async () => {
    expect((await app.api("GET", "/api/v1/alert-rules", { key: app.ingestKey })).status).toBe(403);
    expect((await app.api("GET", "/api/v1/alerts", { key: null })).status).toBe(401);
  });

  it("lists alerts and history, empty before any job ran", async () => {
    expect((await app.api("GET", "/api/v1/alerts")).body).toEqual({ alerts: [] });
    expect((await app.api("GET", "/api/v1/alerts?state=firing")).body).toEqual({ alerts: [] });
    expect((await app.api("GET", "/api/v1/alerts?state=loud")).status).toBe(400);
    expect((await app.api("GET", "/api/v1/alerts/history?limit=5")).body).toEqual({ transitions: [] });
  });
});
