import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStandardMetrics, experimentBody } from "#test/fixtures";
import { drivers, startTestApp, type TestApp } from "#test/harness";

describe.each(drivers)("patching an experiment's settings on %s", (driver) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(driver);
    await createStandardMetrics(app);
    const created = await app.api("POST", "/api/v1/experiments", {
      body: experimentBody("ranker", { settings: { engine: "bayesian", alpha: 0.1, correction: "holm" } }),
    });
    expect(created.status).toBe(201);
  });
  afterAll(() => app.stop());

  it("changes only the settings it names and keeps the others", async () => {
    const res = await app.api("PATCH", "/api/v1/experiments/ranker", { body: { settings: { cuped: true } } });
    expect(res.status).toBe(200);
    expect(res.body.settings).toEqual({
      engine: "bayesian",
      alpha: 0.1,
      sequential: false,
      correction: "holm",
      cuped: true,
    });
  });

  it("publishes no defaults for the settings of a patch", async () => {
    const res = await app.api("GET", "/api/v1/openapi.json", { key: null });
    const patch = res.body.components.schemas.ExperimentPatchInput;
    expect(JSON.stringify(patch.properties.settings)).not.toContain('"default"');
  });

  it("takes sequential as true, false or { tuning }, as the analyze API does", async () => {
    for (const sequential of [true, { tuning: 20_000 }, {}, false]) {
      const res = await app.api("PATCH", "/api/v1/experiments/ranker", {
        body: { settings: { sequential } },
      });
      expect(res.status).toBe(200);
      expect(res.body.settings.sequential).toEqual(sequential);
    }
    const bad = await app.api("PATCH", "/api/v1/experiments/ranker", {
      body: { settings: { sequential: { tuning: -1 } } },
    });
    expect(bad.status).toBe(400);
  });
});
