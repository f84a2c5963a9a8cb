import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { webhookMessages, webhooks } from "#db/schema";
import { type AlertWebhookData, alertWebhookDataSchema } from "#lib/contracts/webhooks";
import type { WebhookMessageType } from "#lib/vocabulary";

/**
 * The channel a committed enqueue notifies. NOTIFY is transactional: listeners hear it only when
 * the enqueuing transaction commits, never for a rolled-back one, so the delivery worker wakes
 * exactly when there is something to send (jobs/webhook-delivery.ts listens).
 */
export const WEBHOOK_WAKE_CHANNEL = "northstar_webhook_messages";

/** `msg_` + 32 hex digits: the Standard Webhooks `webhook-id`, stable across retries. */
export function newMessageId(): string {
  return `msg_${randomUUID().replaceAll("-", "")}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface EnqueueInput {
  webhookIds: string[];
  type: "alert.firing" | "alert.resolved";
  data: AlertWebhookData;
  /** Identifies the transition (e.g. `${alertId}:firing:${startsAt}`): a second enqueue with it is a no-op. */
  dedupeKey: string;
}

/**
 * Queues one message per enabled webhook among `webhookIds` (unknown, deleted or disabled ones are
 * skipped) and returns how many were queued. Run it inside the transaction that records the alert
 * transition (`db.transaction(tx => enqueueWebhookMessages(tx, …))`): the messages exist if and
 * only if the transition does. A (webhook, dedupeKey) pair already queued is left alone, so a
 * re-run or a racing evaluation enqueues nothing twice.
 */
export async function enqueueWebhookMessages(db: DbHandle, input: EnqueueInput): Promise<number> {
  const data = alertWebhookDataSchema.parse(input.data);
  return insertMessages(db, input.webhookIds, input.type, data, input.dedupeKey);
}

/** Queues one message of any type to one webhook; returns its id, or null when the webhook is disabled or the key was used. */
export async function enqueueWebhookMessage(
  db: DbHandle,
  webhookId: string,
  type: WebhookMessageType,
  data: Record<string, unknown>,
  dedupeKey: string,
): Promise<string | null> {
  const id = newMessageId();
  const count = await insertMessages(db, [webhookId], type, data, dedupeKey, () => id);
  return count === 1 ? id : null;
}

async function insertMessages(
  db: DbHandle,
  webhookIds: string[],
  type: WebhookMessageType,
  payload: Record<string, unknown>,
  dedupeKey: string,
  idFor: () => string = newMessageId,
): Promise<number> {
  const ids = [...new Set(webhookIds)].filter((id) => UUID.test(id));
  if (ids.length === 0) return 0;
  const targets = await db.db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(and(inArray(webhooks.id, ids), eq(webhooks.enabled, true)));
  if (targets.length === 0) return 0;
  const inserted = await db.db
    .insert(webhookMessages)
    .values(targets.map((t) => ({ id: idFor(), webhookId: t.id, type, payload, dedupeKey })))
    .onConflictDoNothing({ target: [webhookMessages.webhookId, webhookMessages.dedupeKey] })
    .returning({ id: webhookMessages.id });
  if (inserted.length > 0) await db.rows(sql`select pg_notify(${WEBHOOK_WAKE_CHANNEL}, '')`);
  return inserted.length;
}
