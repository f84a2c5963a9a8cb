import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setContext } from "#app/server/context.server";
import { webhooks } from "#db/schema";
import { silentLogger } from "#lib/log";
import { drivers, startTestApp, type TestApp } from "#test/harness";

/** A receiver on loopback that records each request and answers with the scripted status. */
async function startReceiver(statuses: number[]) {
  const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(statuses[received.length - 1] ?? 200).end("thanks");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.each(drivers)("webhooks API on %s", (driver) => {
  let app: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    app = await startTestApp(driver, { jobs: true });
    receiver = await startReceiver([500]);
  });
  afterAll(async () => {
    await receiver.stop();
    await app.stop();
  });

  it("creates a webhook, shows its secret once and stores it only encrypted", async () => {
    const created = await app.api("POST", "/api/v1/webhooks", {
      body: { url: receiver.url, format: "standard", description: "on-call" },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.body.secret.slice(6), "base64")).toHaveLength(32);
    const [row] = await app.db.handle.db.select().from(webhooks).where(eq(webhooks.id, created.body.id));
    expect(row?.secretEncrypted).toMatch(/^v1\./);
    expect(row?.secretEncrypted).not.toContain(created.body.secret.slice(6, 20));
    const list = await app.api("GET", "/api/v1/webhooks");
    expect(list.body.webhooks).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain("whsec_");
    const one = await app.api("GET", `/api/v1/webhooks/${created.body.id}`);
    expect(one.body).not.toHaveProperty("secret");
    expect(one.body.description).toBe("on-call");
  });

  it("sends a test message through the queue worker: 500 then 200, same webhook-id, verifiable signature", async () => {
    const created = await app.api("POST", "/api/v1/webhooks", {
      body: { url: receiver.url, format: "standard" },
    });
    const before = receiver.received.length;
    const queued = await app.api("POST", `/api/v1/webhooks/${created.body.id}/test`);
    expect(queued.status).toBe(202);
    const { messageId } = queued.body;
    // First answer 500; the 5 s retry comes from the worker's own timer, not the minute sweep.
    const delivered = await until(async () => {
      const log = await app.api("GET", `/api/v1/webhooks/${created.body.id}/deliveries`);
      const message = log.body.deliveries[0];
      return message?.status === "delivered" ? message : undefined;
    });
    expect(delivered.messageId).toBe(messageId);
    expect(delivered.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 200]);
    const got = receiver.received.slice(before);
    expect(got.map((r) => r.headers["webhook-id"])).toEqual([messageId, messageId]);
    const body = new Webhook(created.body.secret).verify(
      got[1]?.body ?? "",
      got[1]?.headers as Record<string, string>,
    );
    expect(body).toMatchObject({ type: "webhook.test", data: { webhook: { id: created.body.id } } });

    const again = await app.api(
      "POST",
      `/api/v1/webhooks/${created.body.id}/deliveries/${messageId}/redeliver`,
    );
    expect(again.status).toBe(202);
    await until(async () => (receiver.received.length - before === 3 ? true : undefined));
    expect(receiver.received.at(-1)?.headers["webhook-id"]).toBe(messageId);
  });

  it("refuses a private URL at creation with the reason, when private addresses are not allowed", async () => {
    if (!app.runner) throw new Error("this test needs the job runner");
    const ctx = { db: app.db.handle, log: silentLogger, now: () => new Date(), jobs: app.runner };
    setContext({
      ...ctx,
      webhooks: {
        secretKey: Buffer.alloc(32, 1),
        allowPrivate: false,
        inboxUrl: null,
        publicUrl: "http://northstar.test",
      },
    });
    const res = await app.api("POST", "/api/v1/webhooks", {
      body: { url: "http://169.254.169.254/latest/", format: "slack" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: "url", message: expect.stringContaining("169.254.169.254 is the cloud metadata service") },
    ]);
    const decimal = await app.api("POST", "/api/v1/webhooks", { body: { url: "http://2130706433/" } });
    expect(decimal.body.error.details[0].message).toContain("loopback");
    const scheme = await app.api("POST", "/api/v1/webhooks", { body: { url: "file:///etc/passwd" } });
    expect(scheme.body.error.details[0].message).toContain("http or https");
    setContext({
      ...ctx,
      webhooks: { secretKey: null, allowPrivate: true, inboxUrl: null, publicUrl: "http://northstar.test" },
    });
    const unconfigured = await app.api("POST", "/api/v1/webhooks", { body: { url: receiver.url } });
    expect(unconfigured.status).toBe(503);
    expect(unconfigured.body.error.message).toContain("NORTHSTAR_SECRET_KEY");
  });

  it("is admin-only, validates input, and answers 404 for unknown ids", async () => {
    const asIngest = await app.api("GET", "/api/v1/webhooks", { key: app.ingestKey });
    expect(asIngest.status).toBe(403);
    const bad = await app.api("POST", "/api/v1/webhooks", { body: { url: receiver.url, format: "teams" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("format");
    expect((await app.api("GET", "/api/v1/webhooks/not-a-uuid")).status).toBe(404);
    expect((await app.api("DELETE", "/api/v1/webhooks/00000000-0000-4000-8000-000000000000")).status).toBe(
      404,
    );
    const list = await app.api("GET", "/api/v1/webhooks");
    const id = list.body.webhooks[0].id;
    expect((await app.api("POST", `/api/v1/webhooks/${id}/deliveries/msg_nope/redeliver`)).status).toBe(404);
    expect((await app.api("DELETE", `/api/v1/webhooks/${id}`)).body).toEqual({ deleted: true });
    expect((await app.api("GET", `/api/v1/webhooks/${id}/deliveries`)).status).toBe(404);
  });
});
