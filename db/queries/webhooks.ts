import { desc, eq } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { webhooks } from "#db/schema";
import type { WebhookFormat } from "#lib/vocabulary";

export type WebhookRow = typeof webhooks.$inferSelect;

export interface NewWebhook {
  url: string;
  format: WebhookFormat;
  description: string | null;
  secretEncrypted: string;
}

export async function insertWebhook(db: DbHandle, input: NewWebhook): Promise<WebhookRow> {
  const [row] = await db.db.insert(webhooks).values(input).returning();
  if (!row) throw new Error("could not insert the webhook");
  return row;
}

export function listWebhooks(db: DbHandle): Promise<WebhookRow[]> {
  return db.db.select().from(webhooks).orderBy(desc(webhooks.createdAt), webhooks.id);
}

export async function findWebhook(db: DbHandle, id: string): Promise<WebhookRow | undefined> {
  const [row] = await db.db.select().from(webhooks).where(eq(webhooks.id, id));
  return row;
}

/** Deletes a webhook and (cascading) its messages and attempts; false when there was none. */
export async function deleteWebhook(db: DbHandle, id: string): Promise<boolean> {
  const deleted = await db.db.delete(webhooks).where(eq(webhooks.id, id)).returning({ id: webhooks.id });
  return deleted.length > 0;
}

/** Turns an endpoint off (it answered 410 Gone, …); new messages skip it, pending ones fail. */
export async function disableWebhook(db: DbHandle, id: string, reason: string): Promise<void> {
  await db.db.update(webhooks).set({ enabled: false, disabledReason: reason }).where(eq(webhooks.id, id));
}

/** Points a webhook at a new URL (the demo inbox's, when the server's port changed). */
export async function updateWebhookUrl(db: DbHandle, id: string, url: string): Promise<void> {
  await db.db.update(webhooks).set({ url }).where(eq(webhooks.id, id));
}
