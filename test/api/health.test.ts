import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drivers, startTestApp, type TestApp } from "#test/harness";

describe.each(drivers)("health and routing on %s", (driver) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  afterAll(() => app.stop());

  it("answers health without a key", async () => {
    const res = await app.api("GET", "/api/v1/health", { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ok", database: driver });
  });

  it("answers unknown API paths with a JSON 404", async () => {
    const res = await app.api("GET", "/api/v1/nope");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
  });

  it("answers a path parameter Postgres cannot store with a 400, not a 500", async () => {
    for (const path of ["/api/v1/experiments/a%00b", "/api/v1/models/%00", "/api/v1/models/%00/drift"]) {
      const res = await app.api("GET", path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
    }
  });

  it("answers an unsupported method with a JSON 405 and an Allow header", async () => {
    const res = await app.api("DELETE", "/api/v1/metrics");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST");
  });
});
