import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as eventsRoute from "#app/routes/api/events";
import { setContext } from "#app/server/context.server";
import { createLogger } from "#lib/log";
import { drivers, startTestApp, type TestApp, testWebhookSettings } from "#test/harness";

const MARKER = "private-user-data";

/** A logger writing into `lines`, as the JSON logger writes to stdout. */
function capturingLogger(lines: string[]) {
  const original = { log: console.log, error: console.error };
  return {
    logger: createLogger("debug", {}),
    capture<T>(fn: () => Promise<T>): Promise<T> {
      console.log = (line: string) => lines.push(line);
      console.error = (line: string) => lines.push(line);
      return fn().finally(() => Object.assign(console, original));
    },
  };
}

describe.each(drivers)("what a failing request leaves in the log on %s", (driver) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  afterAll(() => app.stop());

  it("logs the error, route, size and request id of a 500 — not the body (< 2 KB)", async () => {
    const lines: string[] = [];
    const { logger, capture } = capturingLogger(lines);
    setContext({
      db: app.db.handle,
      log: logger,
      now: () => new Date(),
      jobs: app.runner as never,
      webhooks: testWebhookSettings(),
    });
    // A fault the request cannot cause: its table is gone, so the insert fails with the batch bound to it.
    await app.db.handle.rows(sql`alter table events rename to events_gone`);
    try {
      const events = Array.from({ length: 2_000 }, (_, i) => ({
        id: `${MARKER}-${i}`,
        unit: `${MARKER}-unit-${i}`,
        name: "purchase",
        value: i,
        timestamp: new Date().toISOString(),
      }));
      // Straight to the route's action: the harness rejects a 500, which no operation documents.
      const request = new Request("http://localhost/api/v1/events", {
        method: "POST",
        headers: {
          authorization: `Bearer ${app.ingestKey}`,
          "content-type": "application/json",
          "x-request-id": "req-42",
        },
        body: JSON.stringify({ events }),
      });
      const res = await capture(() => eventsRoute.action({ request, params: {} }));
      expect(res.status).toBe(500);
      expect(await res.text()).not.toContain(MARKER);
      const logged = lines.join("\n");
      expect(lines).toHaveLength(1);
      expect(Buffer.byteLength(logged)).toBeLessThan(2_048);
      expect(logged).not.toContain(MARKER);
      expect(JSON.parse(logged)).toMatchObject({
        level: "error",
        requestId: "req-42",
        method: "POST",
        path: "/api/v1/events",
        error: expect.stringContaining("events"),
      });
    } finally {
      await app.db.handle.rows(sql`alter table events_gone rename to events`);
    }
  });

  it("answers malformed JSON without quoting the body back", async () => {
    const res = await app.api("POST", "/api/v1/events", { key: app.ingestKey, raw: `${MARKER}${MARKER}` });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("MALFORMED_JSON");
    expect(res.body.error.message).not.toContain(MARKER);
    const truncated = await app.api("POST", "/api/v1/events", {
      key: app.ingestKey,
      raw: `{"events":[{"id":"${MARKER}"`,
    });
    expect(truncated.body.error.message).toMatch(/^Request body is not valid JSON \(/);
    expect(truncated.body.error.message).not.toContain(MARKER);
  });
});
