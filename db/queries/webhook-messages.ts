import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { webhookAttempts, webhookMessages, webhooks } from "#db/schema";
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

/** A message a worker has claimed, with what it needs to send it. */
export interface ClaimedMessage {
  id: string;
  webhookId: string;
  type: WebhookMessageType;
  payload: Record<string, unknown>;
  /** The number of the attempt this claim makes. */
  attempt: number;
  retryStep: number;
  createdAt: Date;
  url: string;
  format: "standard" | "slack";
  secretEncrypted: string;
}

/**
 * Claims up to `limit` due messages for one attempt each: `FOR UPDATE SKIP LOCKED` lets workers
 * claim side by side without taking the same message, and the lease (`locked_until`) makes a
 * message whose worker died due again once it passes — at-least-once, with the same webhook-id.
 * The attempt's row is written in the same transaction, so an interrupted attempt stays on record.
 * Messages of disabled endpoints are marked failed first instead of being sent.
 */
export async function claimDueMessages(
  db: DbHandle,
  options: { now: Date; leaseMs: number; limit: number },
): Promise<ClaimedMessage[]> {
  const now = options.now.toISOString();
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();
  return db.transaction(async (tx) => {
    await tx.rows(sql`
      update webhook_messages m
         set status = 'failed', locked_until = null,
             last_error = 'not sent: the endpoint is disabled (' || coalesce(w.disabled_reason, 'by an operator') || ')'
        from webhooks w
       where w.id = m.webhook_id and not w.enabled and m.status = 'pending'`);
    const rows = await tx.rows<{
      id: string;
      webhook_id: string;
      type: WebhookMessageType;
      payload: Record<string, unknown>;
      attempts: number;
      retry_step: number;
      created_at: string | Date;
    }>(sql`
      with due as (
        select id from webhook_messages
         where status = 'pending' and next_attempt_at <= ${now}
           and (locked_until is null or locked_until <= ${now})
         order by next_attempt_at
         limit ${options.limit}
         for update skip locked
      )
      update webhook_messages m
         set locked_until = ${leaseUntil}, attempts = m.attempts + 1
        from due
       where m.id = due.id
      returning m.id, m.webhook_id, m.type, m.payload, m.attempts, m.retry_step, m.created_at`);
    if (rows.length === 0) return [];
    const ids = [...new Set(rows.map((r) => r.webhook_id))];
    const endpoints = await tx.db
      .select({
        id: webhooks.id,
        url: webhooks.url,
        format: webhooks.format,
        secretEncrypted: webhooks.secretEncrypted,
      })
      .from(webhooks)
      .where(inArray(webhooks.id, ids));
    const byId = new Map(endpoints.map((e) => [e.id, e]));
    await tx.db
      .insert(webhookAttempts)
      .values(rows.map((r) => ({ messageId: r.id, attempt: r.attempts, startedAt: options.now })));
    return rows.flatMap((r) => {
      const endpoint = byId.get(r.webhook_id);
      if (!endpoint) return [];
      return [
        {
          id: r.id,
          webhookId: r.webhook_id,
          type: r.type,
          payload: r.payload,
          attempt: r.attempts,
          retryStep: r.retry_step,
          createdAt: new Date(r.created_at),
          url: endpoint.url,
          format: endpoint.format,
          secretEncrypted: endpoint.secretEncrypted,
        },
      ];
    });
  });
}

export interface AttemptResult {
  messageId: string;
  attempt: number;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
  /** delivered, retry at `nextAttemptAt`, or no more attempts (gave_up / failed). */
  outcome:
    | { status: "delivered"; at: Date }
    | { status: "pending"; retryStep: number; nextAttemptAt: Date }
    | { status: "gave_up" | "failed" };
}

/** Records how an attempt ended and what happens to its message next, in one transaction. */
export async function finishAttempt(db: DbHandle, result: AttemptResult): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.db
      .update(webhookAttempts)
      .set({
        durationMs: result.durationMs,
        statusCode: result.statusCode,
        error: result.error,
        responseExcerpt: result.responseExcerpt,
      })
      .where(
        and(eq(webhookAttempts.messageId, result.messageId), eq(webhookAttempts.attempt, result.attempt)),
      );
    const { outcome } = result;
    const common = { lockedUntil: null, lastError: result.error };
    const update =
      outcome.status === "delivered"
        ? { ...common, status: "delivered" as const, deliveredAt: outcome.at }
        : outcome.status === "pending"
          ? { ...common, retryStep: outcome.retryStep, nextAttemptAt: outcome.nextAttemptAt }
          : { ...common, status: outcome.status };
    // Only while this attempt still holds the message: a claim that outlived its lease must not
    // overwrite what a later attempt decided.
    await tx.db
      .update(webhookMessages)
      .set(update)
      .where(
        and(
          eq(webhookMessages.id, result.messageId),
          eq(webhookMessages.attempts, result.attempt),
          eq(webhookMessages.status, "pending"),
        ),
      );
  });
}

/** The earliest time a pending message is due (or its lease ends), for the worker's next wake-up. */
export async function nextDueAt(db: DbHandle): Promise<Date | null> {
  const [row] = await db.rows<{ at: string | Date | null }>(sql`
    select min(greatest(next_attempt_at, coalesce(locked_until, next_attempt_at))) as at
      from webhook_messages where status = 'pending'`);
  return row?.at ? new Date(row.at) : null;
}

/**
 * Queues a message again now (Redeliver), with the same webhook-id and a fresh retry schedule.
 * Returns false when there is no such message of that webhook, or it is being sent right now.
 */
export async function requeueMessage(
  db: DbHandle,
  webhookId: string,
  messageId: string,
  now: Date,
): Promise<boolean> {
  const rows = await db.rows<{ id: string }>(sql`
    update webhook_messages
       set status = 'pending', retry_step = 0, next_attempt_at = ${now.toISOString()}, delivered_at = null
     where id = ${messageId} and webhook_id = ${webhookId}
       and (locked_until is null or locked_until <= ${now.toISOString()})
    returning id`);
  if (rows.length > 0) await db.rows(sql`select pg_notify(${WEBHOOK_WAKE_CHANNEL}, '')`);
  return rows.length > 0;
}

export type MessageRow = typeof webhookMessages.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

/** A webhook's most recent messages, newest first, each with its attempts in order. */
export async function listDeliveries(
  db: DbHandle,
  webhookId: string,
  limit: number,
): Promise<Array<{ message: MessageRow; attempts: AttemptRow[] }>> {
  const messages = await db.db
    .select()
    .from(webhookMessages)
    .where(eq(webhookMessages.webhookId, webhookId))
    .orderBy(desc(webhookMessages.createdAt), desc(webhookMessages.id))
    .limit(limit);
  if (messages.length === 0) return [];
  const attempts = await db.db
    .select()
    .from(webhookAttempts)
    .where(
      inArray(
        webhookAttempts.messageId,
        messages.map((m) => m.id),
      ),
    )
    .orderBy(webhookAttempts.messageId, webhookAttempts.attempt);
  return messages.map((message) => ({
    message,
    attempts: attempts.filter((a) => a.messageId === message.id),
  }));
}
