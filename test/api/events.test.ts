import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drivers, startTestApp, type TestApp } from "#test/harness";

describe.each(drivers)("events API on %s", (driver) => {
  let app: TestApp;
  const now = () => new Date(Date.now() - 60_000).toISOString();
  const event = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    unit: "u1",
    name: "click",
    timestamp: now(),
    ...extra,
  });
  const count = async () =>
    (await app.db.handle.rows<{ n: number }>(sql`select count(*)::int as n from events`))[0]?.n ?? -1;

  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  afterAll(() => app.stop());

  it("accepts a batch, stores values (default 1) and properties", async () => {
    const res = await app.api("POST", "/api/v1/events", {
      key: app.ingestKey,
      body: {
        events: [
          event("a1", { value: 12.5, properties: { plan: "pro", items: [1, { sku: "x" }] } }),
          event("a2", { unit: "u2", name: "apply" }),
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 2, duplicates: 0 });
    const rows = await app.db.handle.rows<{ event_id: string; value: number; properties: unknown }>(
      sql`select event_id, value, properties from events order by event_id`,
    );
    expect(rows.map((r) => [r.event_id, Number(r.value)])).toEqual([
      ["a1", 12.5],
      ["a2", 1],
    ]);
    const props = rows[0]?.properties;
    expect(typeof props === "string" ? JSON.parse(props) : props).toEqual({
      plan: "pro",
      items: [1, { sku: "x" }],
    });
  });

  it("stores text exactly, whatever quotes, backslashes, commas, braces or NULL it holds", async () => {
    // The batch reaches PostgreSQL as array literals: any of these, unescaped, would change a value.
    const tricky = ['a"b', "c\\d", "e,f", "{g}", "NULL", " h ", "tab\there", "é ☃ 𝄞"];
    const properties = { q: 'red "shoes"\tsize 42 \\ sale', nested: { s: "\\\\", list: ["}", "{", ","] } };
    const res = await app.api("POST", "/api/v1/events", {
      body: {
        events: tricky.map((text, i) =>
          event(`t${i}-${text}`, { unit: `t-${text}`, name: text, value: -0.1 * i, properties }),
        ),
      },
    });
    expect(res.body).toEqual({ accepted: tricky.length, duplicates: 0 });
    const rows = await app.db.handle.rows<{
      unit: string;
      event_id: string;
      name: string;
      properties: unknown;
    }>(sql`select unit, event_id, name, properties from events where unit like 't-%' order by event_id`);
    expect(rows.map((r) => [r.unit, r.event_id, r.name])).toEqual(
      tricky.map((text, i) => [`t-${text}`, `t${i}-${text}`, text]),
    );
    for (const r of rows)
      expect(typeof r.properties === "string" ? JSON.parse(r.properties) : r.properties).toEqual(properties);
    await app.db.handle.rows(sql`delete from events where unit like 't-%'`);
  });

  it("does not count a re-sent event twice, within or across batches", async () => {
    const res = await app.api("POST", "/api/v1/events", {
      body: { events: [event("a1"), event("a3"), event("a3")] },
    });
    expect(res.body).toEqual({ accepted: 1, duplicates: 2 });
    expect(await count()).toBe(3);
  });

  it("rejects a batch with any invalid item whole, naming every invalid item and field", async () => {
    const before = await count();
    const res = await app.api("POST", "/api/v1/events", {
      raw: JSON.stringify({
        events: [
          event("ok-1"),
          event("bad-1", { value: "12" }),
          event("ok-2"),
          event("bad-2", { timestamp: "2026-13-45T00:00:00Z", name: "" }),
          event("x".repeat(129)),
        ],
      }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      "events[1].value",
      "events[3].name",
      "events[3].timestamp",
      "events[4].id",
    ]);
    expect(await count()).toBe(before);
  });

  it("rejects non-finite numbers, including inside properties", async () => {
    // JSON has no Infinity, but 1e999 parses to it.
    const res = await app.api("POST", "/api/v1/events", {
      raw: `{"events":[{"id":"inf","unit":"u","name":"n","timestamp":"${now()}","value":1e999,"properties":{"a":[1,-1e999]}}]}`,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      "events[0].value",
      "events[0].properties.a[1]",
    ]);
  });

  it("rejects timestamps far outside a sane range", async () => {
    const res = await app.api("POST", "/api/v1/events", {
      body: {
        events: [
          event("t1", { timestamp: "1970-01-01T00:00:00Z" }),
          event("t2", { timestamp: new Date(Date.now() + 3 * 86400_000).toISOString() }),
          event("t3", { timestamp: "2026-11-25T10:00:00" }),
          event("t4", { timestamp: 1_732_000_000 }),
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      "events[0].timestamp",
      "events[1].timestamp",
      "events[2].timestamp",
      "events[3].timestamp",
    ]);
  });

  it("rejects strings Postgres cannot store instead of failing with a 500", async () => {
    const res = await app.api("POST", "/api/v1/events", {
      raw: `{"events":[{"id":"nul\\u0000","unit":"u","name":"n","timestamp":"${now()}","properties":{"k":"\\ud800"}}]}`,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      "events[0].id",
      "events[0].properties.k",
    ]);
  });

  it("answers malformed JSON with 400 MALFORMED_JSON", async () => {
    const res = await app.api("POST", "/api/v1/events", { raw: '{"events": [' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("MALFORMED_JSON");
    const empty = await app.api("POST", "/api/v1/events", { raw: "" });
    expect(empty.status).toBe(400);
  });

  it("answers a wrong content type with 415", async () => {
    const res = await app.api("POST", "/api/v1/events", {
      raw: JSON.stringify({ events: [event("ct")] }),
      headers: { "content-type": "text/plain" },
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("answers a body over 5 MB with 413, with or without a Content-Length", async () => {
    const big = JSON.stringify({
      events: [event("big", { properties: { pad: "x".repeat(6 * 1024 * 1024) } })],
    });
    const res = await app.api("POST", "/api/v1/events", { raw: big });
    expect(res.status).toBe(413);
    const declared = await app.api("POST", "/api/v1/events", {
      raw: "{}",
      headers: { "content-length": "999999999" },
    });
    expect(declared.status).toBe(413);
  });

  it("answers a batch over 10,000 items with 413", async () => {
    const events = Array.from({ length: 10_001 }, (_, i) => ({
      id: `b${i}`,
      unit: "u",
      name: "n",
      timestamp: now(),
    }));
    const res = await app.api("POST", "/api/v1/events", { body: { events } });
    expect(res.status).toBe(413);
    expect(res.body.error.details[0].path).toBe("events");
  });

  it("accepts a full batch of 10,000 events", async () => {
    const events = Array.from({ length: 10_000 }, (_, i) => ({
      id: `full-${i}`,
      unit: `u${i % 500}`,
      name: "impression",
      timestamp: now(),
    }));
    const res = await app.api("POST", "/api/v1/events", { body: { events } });
    expect(res.body).toEqual({ accepted: 10_000, duplicates: 0 });
  });

  it("rejects deeply nested properties with the path where the nesting goes too deep", async () => {
    let nested: unknown = 1;
    for (let i = 0; i < 40; i++) nested = { d: nested };
    const res = await app.api("POST", "/api/v1/events", {
      body: { events: [event("deep", { properties: nested })] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toMatch(/^events\[0\]\.properties(\.d)+$/);
  });

  it("rejects a body that is not an object with an events array", async () => {
    for (const raw of ["[]", "null", '"events"', '{"events": {}}', '{"events": []}']) {
      const res = await app.api("POST", "/api/v1/events", { raw });
      expect(res.status, raw).toBe(400);
    }
  });
});
