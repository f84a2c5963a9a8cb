import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "#db/client";
import { webhookMessages } from "#db/schema";
import { WEBHOOK_WAKE_CHANNEL, enqueueWebhookMessages } from "#db/queries/webhook-messages";
import { disableWebhook, insertWebhook } from "#db/queries/webhooks";
import type { AlertWebhookData } from "#lib/contracts/webhooks";
import { createTestDatabase, drivers } from "#test/harness";
import type { ThrowawayDatabase } from "#test/throwaway-database";

const data: AlertWebhookData = {
  rule: { id: "1", name: "SRM on checkout" },
  kind: "srm",
  target: { type: "experiment", key: "checkout", label: "checkout" },
  state: "firing",
  value: 0.00001,
  threshold: 0.001,
  startsAt: "2026-11-26T10:00:00.000Z",
  url: "http://localhost:3000/experiments/checkout",
};

const newWebhook = (db: DbHandle) =>
  insertWebhook(db, {
    url: "https://example.com/hook",
    format: "standard",
    description: null,
    secretEncrypted: "x",
  });

/** Resolves on the first notification on the wake channel after `listen` returns. */
async function listenOnce(db: DbHandle): Promise<{ heard: () => boolean; stop: () => Promise<void> }> {
  let heard = false;
  const onNotify = () => {
    heard = true;
  };
  if (db.client.kind === "pglite") {
    const unlisten = await db.client.pglite.listen(WEBHOOK_WAKE_CHANNEL, onNotify);
    return { heard: () => heard, stop: unlisten };
  }
  const { unlisten } = await db.client.sql.listen(WEBHOOK_WAKE_CHANNEL, onNotify);
  return { heard: () => heard, stop: unlisten };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe.each(drivers)("enqueueWebhookMessages on %s", (driver) => {
  let database: ThrowawayDatabase;
  let db: DbHandle;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
    db = database.handle;
  });
  afterAll(() => database.drop());

  it("queues one pending message per enabled webhook and skips disabled, unknown and malformed ids", async () => {
    const [a, b, off] = [await newWebhook(db), await newWebhook(db), await newWebhook(db)];
    await disableWebhook(db, off.id, "answered 410 Gone");
    const unknown = "00000000-0000-4000-8000-000000000000";
    const count = await enqueueWebhookMessages(db, {
      webhookIds: [a.id, b.id, off.id, unknown, "not-a-uuid"],
      type: "alert.firing",
      data,
      dedupeKey: "rule-1:checkout:firing:1",
    });
    expect(count).toBe(2);
    const rows = await db.db
      .select()
      .from(webhookMessages)
      .where(eq(webhookMessages.dedupeKey, "rule-1:checkout:firing:1"));
    expect(rows.map((r) => r.webhookId).sort()).toEqual([a.id, b.id].sort());
    for (const row of rows) {
      expect(row.id).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(row.status).toBe("pending");
      expect(row.payload).toEqual(data);
    }
  });

  it("never queues the same transition twice, also from two concurrent transactions", async () => {
    const hook = await newWebhook(db);
    const input = { webhookIds: [hook.id], type: "alert.firing" as const, data, dedupeKey: "race" };
    const counts = await Promise.all([
      db.transaction((tx) => enqueueWebhookMessages(tx, input)),
      db.transaction((tx) => enqueueWebhookMessages(tx, input)),
    ]);
    expect(counts.sort()).toEqual([0, 1]);
    expect(await enqueueWebhookMessages(db, input)).toBe(0);
    const [row] = await db.rows<{ n: number }>(
      sql`select count(*)::int as n from webhook_messages where webhook_id = ${hook.id} and dedupe_key = 'race'`,
    );
    expect(row?.n).toBe(1);
  });

  it("leaves nothing behind and wakes no one when the caller's transaction rolls back", async () => {
    const hook = await newWebhook(db);
    const listener = await listenOnce(db);
    await expect(
      db.transaction(async (tx) => {
        await enqueueWebhookMessages(tx, {
          webhookIds: [hook.id],
          type: "alert.firing",
          data,
          dedupeKey: "rolled",
        });
        throw new Error("snapshot write failed");
      }),
    ).rejects.toThrow("snapshot write failed");
    await settle();
    expect(listener.heard()).toBe(false);
    const rows = await db.db.select().from(webhookMessages).where(eq(webhookMessages.webhookId, hook.id));
    expect(rows).toEqual([]);

    await db.transaction((tx) =>
      enqueueWebhookMessages(tx, {
        webhookIds: [hook.id],
        type: "alert.resolved",
        data,
        dedupeKey: "committed",
      }),
    );
    await settle();
    expect(listener.heard()).toBe(true);
    await listener.stop();
  });

  it("refuses a payload that does not match the contract", async () => {
    const hook = await newWebhook(db);
    const bad = { ...data, state: "exploded" } as unknown as AlertWebhookData;
    await expect(
      enqueueWebhookMessages(db, {
        webhookIds: [hook.id],
        type: "alert.firing",
        data: bad,
        dedupeKey: "bad",
      }),
    ).rejects.toThrow();
  });
});
