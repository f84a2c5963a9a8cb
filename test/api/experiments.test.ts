import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStandardMetrics, experimentBody } from "#test/fixtures";
import { drivers, startTestApp, type TestApp } from "#test/harness";

describe.each(drivers)("experiments API on %s", (driver) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(driver);
    await createStandardMetrics(app);
  });
  afterAll(() => app.stop());

  it("creates a draft with defaults, a salt, variants in order and metric roles", async () => {
    const res = await app.api("POST", "/api/v1/experiments", { body: experimentBody("ranker-v2") });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      key: "ranker-v2",
      status: "draft",
      unit: "user",
      variants: [
        { key: "control", weight: 0.5, model: "ranker", modelVersion: "v1" },
        { key: "treatment", weight: 0.5, model: "ranker", modelVersion: "v2" },
      ],
      metrics: { primary: "conversion", secondary: ["ctr"], guardrails: ["revenue"] },
      settings: { engine: "frequentist", alpha: 0.05, sequential: false, correction: "none", cuped: false },
      startedAt: null,
    });
    expect(res.body.salt).toMatch(/^[\w-]{16}$/);
  });

  it("gets one, lists all, and filters by status", async () => {
    expect((await app.api("GET", "/api/v1/experiments/ranker-v2")).body.key).toBe("ranker-v2");
    expect((await app.api("GET", "/api/v1/experiments")).body.experiments).toHaveLength(1);
    expect((await app.api("GET", "/api/v1/experiments?status=running")).body.experiments).toHaveLength(0);
    const bad = await app.api("GET", "/api/v1/experiments?status=paused");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("status");
  });

  it("answers 404 for an unknown experiment", async () => {
    const res = await app.api("GET", "/api/v1/experiments/nope");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
  });

  it("refuses a duplicate key with 409", async () => {
    expect((await app.api("POST", "/api/v1/experiments", { body: experimentBody("ranker-v2") })).status).toBe(
      409,
    );
  });

  it("validates weights, variant count, keys and duplicate variants with field paths", async () => {
    const res = await app.api("POST", "/api/v1/experiments", {
      body: experimentBody("bad", {
        variants: [
          { key: "a", weight: 0.5 },
          { key: "a", weight: 0.4 },
          { key: "B!", weight: 0.2 },
        ],
      }),
    });
    expect(res.status).toBe(400);
    const details = res.body.error.details as Array<{ path: string; message: string }>;
    expect(details).toContainEqual({
      path: "variants[2].key",
      message: "must match [a-z0-9][a-z0-9_-]{0,63}",
    });
    expect(details.some((d) => d.path === "variants" && d.message.includes("sum to 1"))).toBe(true);
    expect(details).toContainEqual({ path: "variants[1].key", message: 'duplicate variant key "a"' });

    const one = await app.api("POST", "/api/v1/experiments", {
      body: experimentBody("one", { variants: [{ key: "only", weight: 1 }] }),
    });
    expect(one.body.error.details).toEqual([{ path: "variants", message: "needs 2–10 variants" }]);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ key: `v${i}`, weight: 1 / 11 }));
    const many = await app.api("POST", "/api/v1/experiments", {
      body: experimentBody("many", { variants: eleven }),
    });
    expect(many.status).toBe(400);
  });

  it("accepts weights that sum to 1 within 1e-9", async () => {
    const thirds = [1 / 3, 1 / 3, 1 / 3].map((weight, i) => ({ key: `v${i}`, weight }));
    const res = await app.api("POST", "/api/v1/experiments", {
      body: experimentBody("thirds", { variants: thirds }),
    });
    expect(res.status).toBe(201);
  });

  it("refuses unknown metrics with their paths", async () => {
    const res = await app.api("POST", "/api/v1/experiments", {
      body: experimentBody("unknown-metrics", { metrics: { primary: "nope", secondary: ["ctr", "nah"] } }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: "metrics.primary", message: 'unknown metric "nope"' },
      { path: "metrics.secondary[1]", message: 'unknown metric "nah"' },
    ]);
    expect((await app.api("GET", "/api/v1/experiments/unknown-metrics")).status).toBe(404);
  });

  it("patches a draft freely", async () => {
    const res = await app.api("PATCH", "/api/v1/experiments/ranker-v2", {
      body: {
        name: "Ranker v2 vs v1",
        variants: [
          { key: "control", weight: 0.6 },
          { key: "treatment", weight: 0.4, model: "ranker", modelVersion: "v2" },
        ],
        settings: { engine: "bayesian" },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("Ranker v2 vs v1");
    expect(res.body.variants.map((v: { weight: number }) => v.weight)).toEqual([0.6, 0.4]);
    expect(res.body.settings).toMatchObject({ engine: "bayesian", alpha: 0.05 });
  });

  it("walks draft → running → stopped and refuses other transitions with 409", async () => {
    app.now.value = new Date("2026-11-20T10:00:00Z");
    const started = await app.api("POST", "/api/v1/experiments/ranker-v2/start");
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: "running", startedAt: "2026-11-20T10:00:00.000Z" });
    expect((await app.api("POST", "/api/v1/experiments/ranker-v2/start")).status).toBe(409);

    const frozen = await app.api("PATCH", "/api/v1/experiments/ranker-v2", {
      body: {
        variants: [
          { key: "control", weight: 0.5 },
          { key: "treatment", weight: 0.5 },
        ],
      },
    });
    expect(frozen.status).toBe(409);
    expect(frozen.body.error.details[0].path).toBe("variants");
    const settings = await app.api("PATCH", "/api/v1/experiments/ranker-v2", {
      body: { settings: { cuped: true } },
    });
    expect(settings.status).toBe(200);
    expect(settings.body.settings.cuped).toBe(true);

    app.now.value = new Date("2026-11-24T10:00:00Z");
    const stopped = await app.api("POST", "/api/v1/experiments/ranker-v2/stop");
    expect(stopped.body).toMatchObject({ status: "stopped", stoppedAt: "2026-11-24T10:00:00.000Z" });
    expect((await app.api("POST", "/api/v1/experiments/ranker-v2/stop")).status).toBe(409);
    expect((await app.api("POST", "/api/v1/experiments/ranker-v2/start")).status).toBe(409);
    app.now.value = new Date();
  });

  it("refuses a patch with unknown fields or a bad body", async () => {
    const res = await app.api("PATCH", "/api/v1/experiments/thirds", { body: { status: "running" } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: "status", message: "unknown field" }]);
  });
});
