import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "#db/client";
import { webhookAttempts, webhookMessages, webhooks } from "#db/schema";
import { claimDueMessages, enqueueWebhookMessages } from "#db/queries/webhook-messages";
import { insertWebhook } from "#db/queries/webhooks";
import type { AlertWebhookData } from "#lib/contracts/webhooks";
import { silentLogger } from "#lib/log";
import { encryptSecret } from "#lib/webhooks/secret-box";
import type { WebhookSettings } from "#lib/webhooks/settings";
import { createTestDatabase, drivers } from "#test/harness";
import type { ThrowawayDatabase } from "#test/throwaway-database";
import { DEFAULT_LEASE_MS, deliverDueMessages, RETRY_SCHEDULE_MS, retryDelayMs } from "./webhook-delivery";

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on loopback whose answer each test scripts. */
class Receiver {
  received: Received[] = [];
  answer: (req: Received, res: http.ServerResponse) => void = (_req, res) => res.writeHead(200).end("ok");
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const got = { path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      this.received.push(got);
      this.answer(got, res);
    });
  });
  port = 0;
  async start(port = 0) {
    await new Promise<void>((resolve) => this.server.listen(port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }
  async stop() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
  get url() {
    return `http://127.0.0.1:${this.port}/hook`;
  }
}

const data: AlertWebhookData = {
  rule: { id: "7", name: "Guardrail: latency" },
  kind: "guardrail",
  target: { type: "experiment", key: "ranker-v2", label: "ranker-v2 · latency (guardrail)" },
  state: "firing",
  value: 0.004,
  threshold: 0.05,
  startsAt: "2026-11-26T09:00:00.000Z",
  url: "http://localhost:3000/experiments/ranker-v2",
};

const key = randomBytes(32);
const secret = `whsec_${randomBytes(32).toString("base64")}`;
const settings: WebhookSettings = {
  secretKey: key,
  allowPrivate: true,
  inboxUrl: null,
  publicUrl: "http://northstar.test",
};

describe.each(drivers)("webhook delivery on %s", (driver) => {
  let database: ThrowawayDatabase;
  let db: DbHandle;
  let receiver: Receiver;
  const clock = { value: new Date() };
  const run = (extra: Partial<Parameters<typeof deliverDueMessages>[0]> = {}) =>
    deliverDueMessages({
      db,
      log: silentLogger,
      settings,
      now: () => clock.value,
      random: () => 0.5,
      ...extra,
    });
  const advance = (ms: number) => {
    clock.value = new Date(clock.value.getTime() + ms);
  };

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    db = database.handle;
  });
  afterAll(() => database.drop());
  afterEach(async () => {
    await receiver?.stop().catch(() => {});
  });

  async function setup(format: "standard" | "slack" = "standard", url?: string) {
    // Each test starts from an empty outbox: earlier tests' messages must not answer for this one's.
    await db.db.delete(webhooks);
    receiver = new Receiver();
    await receiver.start();
    const hook = await insertWebhook(db, {
      url: url ?? receiver.url,
      format,
      description: null,
      secretEncrypted: encryptSecret(key, secret),
    });
    await enqueueWebhookMessages(db, { webhookIds: [hook.id], type: "alert.firing", data, dedupeKey: "t1" });
    const [message] = await db.db
      .select()
      .from(webhookMessages)
      .where(eq(webhookMessages.webhookId, hook.id));
    if (!message) throw new Error("not enqueued");
    clock.value = new Date(message.nextAttemptAt.getTime() + 1);
    return { hook, message };
  }

  const messageRow = async (id: string) =>
    (await db.db.select().from(webhookMessages).where(eq(webhookMessages.id, id)))[0];
  const attemptRows = (id: string) =>
    db.db
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.messageId, id))
      .orderBy(webhookAttempts.attempt);

  it("sends a Standard Webhooks request that the standardwebhooks package verifies", async () => {
    const { message } = await setup();
    expect(await run()).toEqual({ attempts: 1, delivered: 1 });
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0] as Received;
    expect(got.headers["webhook-id"]).toBe(message.id);
    const verified = new Webhook(secret).verify(got.body, got.headers as Record<string, string>);
    expect(verified).toEqual({ type: "alert.firing", timestamp: message.createdAt.toISOString(), data });
    expect(() =>
      new Webhook(`whsec_${randomBytes(32).toString("base64")}`).verify(
        got.body,
        got.headers as Record<string, string>,
      ),
    ).toThrow();
    expect((await messageRow(message.id))?.status).toBe("delivered");
    const [attempt] = await attemptRows(message.id);
    expect(attempt).toMatchObject({ attempt: 1, statusCode: 200, error: null, responseExcerpt: "ok" });
  });

  it("sends a Slack payload with the facts and the link", async () => {
    await setup("slack");
    await run();
    const body = JSON.parse((receiver.received[0] as Received).body);
    expect(body.text).toContain("Guardrail: latency");
    expect(body.text).toContain("<http://localhost:3000/experiments/ranker-v2|Open in Northstar>");
    expect(JSON.stringify(body.blocks)).toContain("*Threshold:* 0.05");
    expect((receiver.received[0] as Received).headers["webhook-signature"]).toBeUndefined();
  });

  it("retries a 500 after the backoff and delivers on 200 with the same webhook-id", async () => {
    const { message } = await setup();
    let calls = 0;
    receiver.answer = (_req, res) =>
      res.writeHead(++calls === 1 ? 500 : 200).end(calls === 1 ? "boom" : "ok");
    await run();
    const afterFirst = await messageRow(message.id);
    expect(afterFirst).toMatchObject({ status: "pending", retryStep: 1, lastError: "answered 500" });
    // random 0.5 = no jitter: exactly the first step of the schedule.
    expect((afterFirst?.nextAttemptAt.getTime() ?? 0) - clock.value.getTime()).toBeGreaterThanOrEqual(
      RETRY_SCHEDULE_MS[0],
    );
    expect(await run()).toEqual({ attempts: 0, delivered: 0 });
    advance(RETRY_SCHEDULE_MS[0] + 1000);
    expect(await run()).toEqual({ attempts: 1, delivered: 1 });
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([message.id, message.id]);
    expect((await attemptRows(message.id)).map((a) => [a.attempt, a.statusCode, a.responseExcerpt])).toEqual([
      [1, 500, "boom"],
      [2, 200, "ok"],
    ]);
  });

  it("keeps retrying a receiver that is down and delivers once when it is back", async () => {
    const { message } = await setup();
    const port = receiver.port;
    await receiver.stop();
    await run();
    advance(RETRY_SCHEDULE_MS[0] + 1000);
    await run();
    expect(await messageRow(message.id)).toMatchObject({ status: "pending", retryStep: 2 });
    expect((await attemptRows(message.id))[0]?.error).toMatch(/ECONNREFUSED/);
    receiver = new Receiver();
    await receiver.start(port);
    advance(RETRY_SCHEDULE_MS[1] * 1.2 + 1000);
    await run();
    await run();
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([message.id]);
    expect((await messageRow(message.id))?.status).toBe("delivered");
  });

  it("loses nothing when a worker dies after claiming: after the lease the message is sent with the same id", async () => {
    const { message } = await setup();
    // A worker claims the message (and so records the attempt's start), then dies before answering.
    const [claimed] = await claimDueMessages(db, { now: clock.value, leaseMs: DEFAULT_LEASE_MS, limit: 10 });
    expect(claimed?.id).toBe(message.id);
    expect(await run()).toEqual({ attempts: 0, delivered: 0 });
    advance(DEFAULT_LEASE_MS + 1);
    expect(await run()).toEqual({ attempts: 1, delivered: 1 });
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([message.id]);
    const attempts = await attemptRows(message.id);
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.durationMs === null])).toEqual([
      [1, null, true],
      [2, 200, false],
    ]);
  });

  it("two workers running at once send each message once", async () => {
    const { hook } = await setup();
    for (let i = 2; i <= 12; i++) {
      await enqueueWebhookMessages(db, {
        webhookIds: [hook.id],
        type: "alert.firing",
        data,
        dedupeKey: `t${i}`,
      });
    }
    advance(5000);
    const [a, b] = await Promise.all([run({ batchSize: 3 }), run({ batchSize: 3 })]);
    expect((a?.delivered ?? 0) + (b?.delivered ?? 0)).toBe(12);
    const ids = receiver.received.map((r) => r.headers["webhook-id"]);
    expect(new Set(ids).size).toBe(12);
    expect(ids).toHaveLength(12);
  });

  it("disables the endpoint on 410 Gone and fails its other pending messages without sending them", async () => {
    const { hook, message } = await setup();
    receiver.answer = (_req, res) => res.writeHead(410).end("gone");
    await run();
    expect(await messageRow(message.id)).toMatchObject({ status: "failed", lastError: "answered 410" });
    const [endpoint] = await db.db.select().from(webhooks).where(eq(webhooks.id, hook.id));
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: expect.stringContaining("410 Gone") });
    expect(
      await enqueueWebhookMessages(db, {
        webhookIds: [hook.id],
        type: "alert.resolved",
        data,
        dedupeKey: "t2",
      }),
    ).toBe(0);
  });

  it("honours Retry-After", async () => {
    const { message } = await setup();
    receiver.answer = (_req, res) => res.writeHead(503, { "retry-after": "120" }).end();
    await run();
    advance(60_000);
    expect(await run()).toEqual({ attempts: 0, delivered: 0 });
    advance(61_000);
    receiver.answer = (_req, res) => res.writeHead(204).end();
    expect(await run()).toEqual({ attempts: 1, delivered: 1 });
    expect((await messageRow(message.id))?.status).toBe("delivered");
  });

  it("gives up a receiver that does not answer within the timeout, and retries it", async () => {
    const { message } = await setup();
    receiver.answer = () => {};
    const started = Date.now();
    await run({ limits: { timeoutMs: 300, maxResponseBytes: 4096 } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await messageRow(message.id)).toMatchObject({
      status: "pending",
      lastError: "timed out after 0.3 s",
    });
  });

  it("does not follow redirects and counts them as failures", async () => {
    const { message } = await setup();
    receiver.answer = (req, res) =>
      req.path === "/hook" ? res.writeHead(302, { location: "/elsewhere" }).end() : res.writeHead(200).end();
    await run();
    expect(receiver.received.map((r) => r.path)).toEqual(["/hook"]);
    expect((await messageRow(message.id))?.lastError).toBe(
      "answered 302 (redirects are not followed; Location: /elsewhere)",
    );
  });

  it("keeps at most 4 KiB of a response body", async () => {
    const { message } = await setup();
    receiver.answer = (_req, res) => res.writeHead(200).end("x".repeat(100_000));
    await run();
    expect((await attemptRows(message.id))[0]?.responseExcerpt).toHaveLength(4096);
  });

  it("refuses at send time a URL that now reaches a private address, without sending", async () => {
    const { message } = await setup();
    await run({ settings: { ...settings, allowPrivate: false } });
    expect(receiver.received).toEqual([]);
    expect((await messageRow(message.id))?.lastError).toMatch(/^refused: the URL 127\.0\.0\.1 is loopback/);
  });

  it("gives up after the last step of the schedule", async () => {
    const { message } = await setup();
    receiver.answer = (_req, res) => res.writeHead(500).end();
    for (let i = 0; i < RETRY_SCHEDULE_MS.length + 1; i++) {
      await run();
      advance((RETRY_SCHEDULE_MS[i] ?? 0) * 1.3 + 1000);
    }
    expect(receiver.received).toHaveLength(RETRY_SCHEDULE_MS.length + 1);
    expect((await messageRow(message.id))?.status).toBe("gave_up");
  });
});

describe("the retry schedule", () => {
  it("is 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h with ±20 % jitter, then gives up", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, () => 0.5))).toEqual([
      5e3, 300e3, 1800e3, 7200e3, 18000e3, 36000e3, 36000e3,
    ]);
    expect(retryDelayMs(1, () => 0)).toBe(4000);
    expect(retryDelayMs(1, () => 1)).toBe(6000);
    expect(retryDelayMs(8)).toBeNull();
    const total = RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0);
    expect(total / 3600e3).toBeGreaterThan(24);
  });
});
