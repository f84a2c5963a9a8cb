import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookAttempts, webhookMessages } from "#db/schema";
import { enqueueWebhookMessages } from "#db/queries/webhook-messages";
import { insertWebhook } from "#db/queries/webhooks";
import { DEFAULT_LEASE_MS, deliverDueMessages } from "#jobs/webhook-delivery";
import { silentLogger } from "#lib/log";
import { encryptSecret } from "#lib/webhooks/secret-box";
import { createThrowawayPostgres, type ThrowawayPostgres } from "#test/throwaway-database";

const adminUrl = process.env.DATABASE_URL;

// A real process killed with SIGKILL needs a database another process can open: PostgreSQL only.
// (On PGlite the same lease takeover is tested in-process in jobs/webhook-delivery.test.ts.)
describe.skipIf(!adminUrl)("a delivery worker killed mid-delivery (PostgreSQL)", () => {
  let database: ThrowawayPostgres;
  beforeAll(async () => {
    database = await createThrowawayPostgres(adminUrl as string, "northstar_test", 3);
  });
  afterAll(() => database.drop());

  it("loses nothing: after the lease another worker sends the message again with the same webhook-id", async () => {
    const db = database.handle;
    const received: string[] = [];
    let onFirst: () => void = () => {};
    const firstArrived = new Promise<void>((resolve) => {
      onFirst = resolve;
    });
    // The first request is never answered (the worker dies while waiting); later ones get 200.
    const server = http.createServer((req, res) => {
      received.push(String(req.headers["webhook-id"]));
      req.resume();
      if (received.length === 1) onFirst();
      else res.writeHead(200).end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const key = randomBytes(32);
    const hook = await insertWebhook(db, {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      format: "standard",
      description: null,
      secretEncrypted: encryptSecret(key, `whsec_${randomBytes(32).toString("base64")}`),
    });
    await enqueueWebhookMessages(db, {
      webhookIds: [hook.id],
      type: "alert.firing",
      dedupeKey: "crash",
      data: {
        rule: { id: "1", name: "r" },
        kind: "job_failure",
        target: { type: "job", key: "model-drift", label: "model-drift" },
        state: "firing",
        value: 3,
        threshold: 3,
        startsAt: new Date().toISOString(),
        url: "http://localhost:3000/jobs",
      },
    });

    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/jobs/webhook-delivery-child.ts", database.url, key.toString("base64")],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const exited = new Promise((resolve) => child.on("exit", resolve));
    await firstArrived;
    child.kill("SIGKILL");
    await exited;

    const [message] = await db.db
      .select()
      .from(webhookMessages)
      .where(eq(webhookMessages.webhookId, hook.id));
    expect(message).toMatchObject({ status: "pending", attempts: 1 });
    // Within the lease nobody else takes it; after it, a worker does.
    const now = new Date();
    expect(
      await deliverDueMessages({
        db,
        log: silentLogger,
        settings: { secretKey: key, allowPrivate: true, inboxUrl: null, publicUrl: "http://northstar.test" },
        now: () => now,
      }),
    ).toEqual({ attempts: 0, delivered: 0 });
    const later = new Date(now.getTime() + DEFAULT_LEASE_MS + 1000);
    expect(
      await deliverDueMessages({
        db,
        log: silentLogger,
        settings: { secretKey: key, allowPrivate: true, inboxUrl: null, publicUrl: "http://northstar.test" },
        now: () => later,
      }),
    ).toEqual({ attempts: 1, delivered: 1 });

    expect(received).toEqual([message?.id, message?.id]);
    const attempts = await db.db
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.messageId, message?.id ?? ""))
      .orderBy(webhookAttempts.attempt);
    expect(attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, null],
      [2, 200],
    ]);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
});
