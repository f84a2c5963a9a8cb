import { describe, expect, it } from "vitest";
import { eventsBatchSchema, MAX_BATCH_ITEMS, parsePlainEventsBatch } from "./ingest";

const now = Date.now();
const recent = new Date(now - 60_000).toISOString();
const valid = { id: "e1", unit: "u1", name: "click", timestamp: recent };

/** Valid events, each a boundary the schema allows. */
const validEvents: Array<Record<string, unknown>> = [
  valid,
  { ...valid, id: "x".repeat(128), unit: "u".repeat(256), name: "n".repeat(128) },
  { ...valid, id: "é ☃ 𝄞", unit: 'a"b\\c', name: "tab\there" },
  { ...valid, value: 0 },
  { ...valid, value: -0 },
  { ...valid, value: 1e15 },
  { ...valid, value: -1e15 },
  { ...valid, value: 12.5 },
  { ...valid, timestamp: "2000-01-01T00:00:00Z" },
  { ...valid, timestamp: "2024-02-29T12:00:00+02:00" },
  { ...valid, timestamp: "2024-02-29T12:00:00.123456-05:30" },
  { ...valid, timestamp: new Date(now + 23 * 3600_000).toISOString() },
  { ...valid, properties: {} },
  { ...valid, properties: { plan: "pro", items: [1, { sku: "x" }, null, true], "": "empty key" } },
  { ...valid, properties: { constructor: "c", toString: 1, s: "s".repeat(10_000), ["k".repeat(256)]: 1 } },
];

/** Invalid events, each breaking one rule; the schema names what is wrong, so the fast path must pass. */
const invalidEvents: Array<Record<string, unknown>> = [
  { ...valid, id: "" },
  { ...valid, id: "x".repeat(129) },
  { ...valid, unit: "u".repeat(257) },
  { ...valid, name: "n".repeat(129) },
  { ...valid, id: 7 },
  { ...valid, unit: "nul\u0000" },
  { ...valid, name: "lone \ud800" },
  { ...valid, value: 1e15 + 1 },
  { ...valid, value: -1e16 },
  { ...valid, value: Number.NaN },
  { ...valid, value: Number.POSITIVE_INFINITY },
  { ...valid, value: null },
  { ...valid, value: "1" },
  { ...valid, timestamp: "2026-01-01T00:00:00" },
  { ...valid, timestamp: "2023-02-29T00:00:00Z" },
  { ...valid, timestamp: "2026-01-01 00:00:00Z" },
  { ...valid, timestamp: "1999-12-31T23:59:59Z" },
  { ...valid, timestamp: new Date(now + 25 * 3600_000).toISOString() },
  { ...valid, timestamp: now },
  { ...valid, properties: null },
  { ...valid, properties: [] },
  { ...valid, properties: "x" },
  { ...valid, properties: { s: "s".repeat(10_001) } },
  { ...valid, properties: { deep: [{ bad: "nul\u0000" }] } },
  { ...valid, properties: { ["k".repeat(257)]: 1 } },
  { ...valid, properties: { n: Number.NaN } },
  { ...valid, extra: 1 },
  JSON.parse(`{"id":"e1","unit":"u1","name":"click","timestamp":"${recent}","__proto__":{}}`),
  { id: "e1", unit: "u1", name: "click" },
  { unit: "u1", name: "click", timestamp: recent },
];

/** Valid events the fast path leaves to the schema: a `__proto__` property (the schema drops it), an explicit undefined. */
const unusualEvents: Array<Record<string, unknown>> = [
  { ...valid, properties: JSON.parse('{"__proto__": {"x": 1}, "kept": 1}') },
  { ...valid, value: undefined },
];

/** The fast path's answer must be the schema's, or none at all. */
function expectSameAnswer(body: unknown) {
  const plain = parsePlainEventsBatch(body);
  const parsed = eventsBatchSchema.safeParse(body);
  if (plain !== undefined) {
    expect(parsed.success).toBe(true);
    expect(plain).toEqual(parsed.data);
  }
  return plain;
}

describe("parsePlainEventsBatch", () => {
  it("parses every valid event exactly as eventsBatchSchema does", () => {
    for (const event of validEvents) {
      expect(expectSameAnswer({ events: [event] }), JSON.stringify(event)).toBeDefined();
    }
    expect(expectSameAnswer({ events: validEvents })).toBeDefined();
  });

  it("leaves every invalid event to the schema, alone or among valid ones", () => {
    for (const event of invalidEvents) {
      expect(eventsBatchSchema.safeParse({ events: [event] }).success, JSON.stringify(event)).toBe(false);
      expect(expectSameAnswer({ events: [event] }), JSON.stringify(event)).toBeUndefined();
      expect(expectSameAnswer({ events: [valid, event, valid] })).toBeUndefined();
    }
  });

  it("leaves unusual but valid events to the schema", () => {
    for (const event of unusualEvents) {
      expect(eventsBatchSchema.safeParse({ events: [event] }).success).toBe(true);
      expect(parsePlainEventsBatch({ events: [event] })).toBeUndefined();
    }
  });

  it("leaves a body that is not one batch of 1 to 10,000 events to the schema", () => {
    const bodies: unknown[] = [
      null,
      [],
      "events",
      { events: [] },
      { events: {} },
      { events: [valid], more: 1 },
      { events: Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => valid) },
    ];
    for (const body of bodies) expect(expectSameAnswer(body)).toBeUndefined();
    expect(expectSameAnswer({ events: Array.from({ length: MAX_BATCH_ITEMS }, () => valid) })).toBeDefined();
  });
});
