import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, ensureBootstrapKey, listApiKeys, revokeApiKey } from "#app/services/api-keys.server";
import { drivers, startTestApp, type TestApp } from "#test/harness";

describe.each(drivers)("API keys on %s", (driver) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  afterAll(() => app.stop());

  it("rejects a request without a key with 401 and a JSON error", async () => {
    const res = await app.api("GET", "/api/v1/metrics", { key: null });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("UNAUTHORIZED");
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("rejects an unknown key with 401", async () => {
    const res = await app.api("GET", "/api/v1/metrics", { key: "ns_not-a-real-key" });
    expect(res.status).toBe(401);
  });

  it("rejects a malformed Authorization header with 401", async () => {
    const res = await app.api("GET", "/api/v1/metrics", {
      key: null,
      headers: { authorization: "Basic abc" },
    });
    expect(res.status).toBe(401);
  });

  it("refuses an ingest key on admin routes with 403", async () => {
    const res = await app.api("GET", "/api/v1/metrics", { key: app.ingestKey });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
  });

  it("lets an ingest key write events and an admin key do everything", async () => {
    const event = { id: "e1", unit: "u1", name: "click", timestamp: new Date().toISOString() };
    expect(
      (await app.api("POST", "/api/v1/events", { key: app.ingestKey, body: { events: [event] } })).status,
    ).toBe(200);
    expect(
      (await app.api("POST", "/api/v1/events", { key: app.adminKey, body: { events: [event] } })).status,
    ).toBe(200);
  });

  it("stores keys hashed, never in clear", async () => {
    const { key } = await createApiKey(app.db.handle, { name: "hash-check", scope: "ingest" });
    const keys = await listApiKeys(app.db.handle);
    expect(JSON.stringify(keys)).not.toContain(key);
    const dump = await app.db.handle.db.query.apiKeys.findMany();
    expect(JSON.stringify(dump)).not.toContain(key);
  });

  it("refuses a revoked key with 401", async () => {
    const { key } = await createApiKey(app.db.handle, { name: "to-revoke", scope: "admin" });
    expect((await app.api("GET", "/api/v1/metrics", { key })).status).toBe(200);
    expect(await revokeApiKey(app.db.handle, "to-revoke")).toBe(true);
    expect((await app.api("GET", "/api/v1/metrics", { key })).status).toBe(401);
    expect(await revokeApiKey(app.db.handle, "to-revoke")).toBe(false);
  });

  it("makes the bootstrap secret an admin key, idempotently, and revives it if revoked", async () => {
    const secret = "bootstrap-secret-0123456789";
    await ensureBootstrapKey(app.db.handle, secret);
    await ensureBootstrapKey(app.db.handle, secret);
    expect((await app.api("GET", "/api/v1/metrics", { key: secret })).status).toBe(200);
    const bootstrap = (await listApiKeys(app.db.handle)).filter((k) => k.name.startsWith("bootstrap-"));
    expect(bootstrap).toHaveLength(1);
    await revokeApiKey(app.db.handle, bootstrap[0]?.name ?? "");
    await ensureBootstrapKey(app.db.handle, secret);
    expect((await app.api("GET", "/api/v1/metrics", { key: secret })).status).toBe(200);
  });

  it("refuses a second key with the same name", async () => {
    await expect(createApiKey(app.db.handle, { name: "test-admin", scope: "admin" })).rejects.toThrow(
      /exists/,
    );
  });
});
