/**
 * What the fuzzer checks after a request was accepted: the data reads back exactly as sent
 * (events from the table, alert rules and webhooks through the API's own GET), and an accepted
 * webhook never points where the SSRF guard forbids.
 */
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { parseDuration } from "#lib/duration";
import { checkWebhookUrl } from "#lib/webhooks/url-guard";
import type { ApiResponse, TestApp } from "#test/harness";
import { type Json, type Sample, stubDns } from "./fuzz-samples";

type Fields = Record<string, Json>;

/** Accepted events are stored exactly as sent (first copy of each id wins, as documented). */
async function checkEvents(app: TestApp, events: Fields[], seen: Set<string>) {
  const keys = events.map((e) => `${e.unit}\u0001${e.id}`);
  for (const [i, event] of events.entries()) {
    const key = keys[i] as string;
    if (seen.has(key) || keys.indexOf(key) !== i) continue;
    seen.add(key);
    const [stored] = await app.db.handle.rows<{
      name: string;
      value: number;
      ts: string;
      properties: Json;
    }>(sql`
      select name, value, to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') as ts, properties
      from events where unit = ${event.unit as string} and event_id = ${event.id as string}`);
    expect(stored, `event ${JSON.stringify(event).slice(0, 200)}`).toBeDefined();
    expect(stored?.name).toBe(event.name);
    expect(Number(stored?.value)).toBe(event.value ?? 1);
    expect(Date.parse(`${stored?.ts}Z`)).toBe(Date.parse(event.timestamp as string));
    expect(stored?.properties ?? undefined).toEqual(
      event.properties === undefined ? undefined : JSON.parse(JSON.stringify(event.properties)),
    );
  }
}

/**
 * Every field the request set reads back from GET as sent (a patch sets only some). Durations
 * compare by length (`90m` reads back as `1h30m`); `threshold: null` restores the kind's default.
 */
function expectRuleAsSent(stored: Fields, sent: Fields) {
  const context = `rule sent ${JSON.stringify(sent).slice(0, 300)}`;
  for (const field of ["name", "kind", "target", "webhooks", "enabled"]) {
    if (field in sent) expect(stored[field], context).toEqual(sent[field]);
  }
  if (typeof sent.threshold === "number") expect(stored.threshold, context).toBe(sent.threshold);
  for (const field of ["for", "repeatInterval"]) {
    if (typeof sent[field] === "string") {
      expect(parseDuration(stored[field] as string), context).toBe(parseDuration(sent[field] as string));
    }
  }
}

async function checkAlertRule(app: TestApp, id: number, sent: Fields) {
  const read = await app.api("GET", `/api/v1/alert-rules/${id}`);
  expect(read.status).toBe(200);
  expectRuleAsSent(read.body, sent);
}

async function checkWebhook(app: TestApp, created: Fields, sent: Fields) {
  expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  const list = await app.api("GET", "/api/v1/webhooks");
  const stored = (list.body.webhooks as Fields[]).find((w) => w.id === created.id);
  const context = `webhook sent ${JSON.stringify(sent).slice(0, 300)}`;
  expect(stored, context).toBeDefined();
  expect(stored?.url, context).toBe(sent.url);
  expect(stored?.format, context).toBe(sent.format ?? "standard");
  expect(stored?.description ?? undefined, context).toBe(sent.description);
  expect(stored?.secret, "the secret is shown only once").toBeUndefined();
  // Accepted means the guard let it through: never a private, loopback or metadata address.
  await expect(
    checkWebhookUrl(sent.url as string, { allowPrivate: false, lookup: stubDns }),
  ).resolves.toBeDefined();
}

/** Checks what an accepted request stored, for the operations whose data can be read back. */
export async function checkRoundTrip(
  app: TestApp,
  sample: Sample,
  body: Json,
  res: ApiResponse,
  seenEvents: Set<string>,
) {
  // What the server received: the JSON text, parsed (-0 arrives as 0, undefined fields vanish).
  const sent = JSON.parse(JSON.stringify(body)) as Fields;
  switch (sample.route) {
    case "events":
      return checkEvents(app, sent.events as Fields[], seenEvents);
    case "alert-rules":
      return checkAlertRule(app, res.body.id, sent);
    case "alert-rules/:id":
      return checkAlertRule(app, Number(sample.path.split("/").at(-1)), sent);
    case "webhooks":
      return checkWebhook(app, res.body, sent);
  }
}
