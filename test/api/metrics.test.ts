import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drivers, startTestApp, type TestApp } from "#test/harness";

describe.each(drivers)("metrics API on %s", (driver) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  afterAll(() => app.stop());

  it("creates each metric type and lists them", async () => {
    const created = await app.api("POST", "/api/v1/metrics", {
      body: { key: "applies", name: "Applies", type: "proportion", event: "apply", windowHours: 72 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      key: "applies",
      type: "proportion",
      higherIsBetter: true,
      windowHours: 72,
    });
    await app.api("POST", "/api/v1/metrics", {
      body: { key: "ctr", name: "CTR", type: "ratio", numerator: "click", denominator: "impression" },
    });
    await app.api("POST", "/api/v1/metrics", {
      body: { key: "latency", name: "Latency", type: "mean", event: "latency_ms", higherIsBetter: false },
    });
    const list = await app.api("GET", "/api/v1/metrics");
    expect(list.status).toBe(200);
    expect(list.body.metrics.map((m: { key: string }) => m.key)).toEqual(["applies", "ctr", "latency"]);
    expect(list.body.metrics[2].higherIsBetter).toBe(false);
  });

  it("refuses a duplicate key with 409", async () => {
    const res = await app.api("POST", "/api/v1/metrics", {
      body: { key: "applies", name: "Again", type: "proportion", event: "apply" },
    });
    expect(res.status).toBe(409);
  });

  it("names each invalid field", async () => {
    const res = await app.api("POST", "/api/v1/metrics", {
      body: { key: "Bad Key", name: "", type: "ratio", numerator: "click", windowHours: -1, extra: 1 },
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(expect.arrayContaining(["extra", "key", "name", "windowHours"]));
  });

  it("requires the event of a proportion metric and both sides of a ratio", async () => {
    const noEvent = await app.api("POST", "/api/v1/metrics", {
      body: { key: "m1", name: "M", type: "mean" },
    });
    expect(noEvent.body.error.details).toEqual([{ path: "event", message: "required for a mean metric" }]);
    const half = await app.api("POST", "/api/v1/metrics", {
      body: { key: "m2", name: "M", type: "ratio", numerator: "click" },
    });
    expect(half.body.error.details).toEqual([
      { path: "denominator", message: "required for a ratio metric" },
    ]);
  });
});
