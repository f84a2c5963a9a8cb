import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "#test/harness";

// The pool is ended under the app: every query now fails as it does when PostgreSQL is gone.
describe.skipIf(!process.env.DATABASE_URL)("with its database gone (PostgreSQL)", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp("postgres");
    await app.db.handle.close();
  });
  afterAll(() => app.stop());

  it("health answers 503 with Retry-After, in JSON", async () => {
    const res = await app.api("GET", "/api/v1/health", { key: null });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.body.error.code).toBe("SERVICE_UNAVAILABLE");
  });

  it("an ingest batch is answered 503, not 500", async () => {
    const res = await app.api("POST", "/api/v1/events", {
      key: app.ingestKey,
      body: { events: [{ id: "e1", unit: "u1", name: "purchase", timestamp: new Date().toISOString() }] },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
  });
});
