import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoInboxWebhook, inboxView, receiveInboxMessage } from "#app/services/webhook-inbox.server";
import { listWebhooks } from "#db/queries/webhooks";
import { renderStandard } from "#jobs/webhook-render";
import { decryptSecret } from "#lib/webhooks/secret-box";
import type { WebhookSettings } from "#lib/webhooks/settings";
import { createTestDatabase, drivers } from "#test/harness";
import type { ThrowawayDatabase } from "#test/throwaway-database";

const settings: WebhookSettings = {
  secretKey: randomBytes(32),
  allowPrivate: false,
  inboxUrl: "http://127.0.0.1:3000/alerts/inbox/receive",
  publicUrl: "http://127.0.0.1:3000",
};

describe.each(drivers)("the demo webhook inbox on %s", (driver) => {
  let database: ThrowawayDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(() => database.drop());

  it("seeds one demo webhook at the inbox and moves it when the port changes", async () => {
    const db = database.handle;
    await ensureDemoInboxWebhook(db, settings, false);
    expect(await listWebhooks(db)).toEqual([]);
    await ensureDemoInboxWebhook(db, settings, true);
    await ensureDemoInboxWebhook(
      db,
      { ...settings, inboxUrl: "http://127.0.0.1:4000/alerts/inbox/receive" },
      false,
    );
    const hooks = await listWebhooks(db);
    expect(hooks.map((w) => w.url)).toEqual(["http://127.0.0.1:4000/alerts/inbox/receive"]);
  });

  it("stores what arrives with whether its signature verifies with the demo webhook's secret", async () => {
    const db = database.handle;
    const moved = { ...settings, inboxUrl: "http://127.0.0.1:4000/alerts/inbox/receive" };
    const [hook] = await listWebhooks(db);
    if (!hook || !moved.secretKey) throw new Error("no demo webhook");
    const secret = decryptSecret(moved.secretKey, hook.secretEncrypted);
    const message = {
      id: "msg_1",
      type: "webhook.test" as const,
      data: { webhook: { id: hook.id }, message: "hi" },
      createdAt: new Date(),
    };
    const signed = renderStandard(message, secret, new Date());
    const headers = new Headers(signed.headers);
    expect(await receiveInboxMessage(db, moved, headers, signed.body)).toEqual({
      received: true,
      verified: true,
    });
    expect(await receiveInboxMessage(db, moved, headers, signed.body.replace("hi", "ho"))).toEqual({
      received: true,
      verified: false,
    });
    await receiveInboxMessage(
      db,
      moved,
      new Headers({ "content-type": "application/json" }),
      '{"text":"slack"}',
    );
    const view = await inboxView(db, moved);
    expect(view.map((m) => [m.type, m.verified, m.verification])).toEqual([
      ["slack message", false, "unsigned (Slack format)"],
      ["webhook.test", false, expect.stringContaining("does not verify")],
      ["webhook.test", true, `verified with the secret of webhook ${hook.id}`],
    ]);
  });

  it("does not exist outside demo mode", async () => {
    const off = { ...settings, inboxUrl: null };
    await expect(receiveInboxMessage(database.handle, off, new Headers(), "{}")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(inboxView(database.handle, off)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
