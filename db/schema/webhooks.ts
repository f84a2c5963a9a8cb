import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import type { WebhookFormat, WebhookMessageStatus, WebhookMessageType } from "#lib/vocabulary";

/**
 * Endpoints alert notifications are sent to. The signing secret is stored only encrypted
 * (AES-256-GCM under NORTHSTAR_SECRET_KEY, app/services/webhook-secrets.server.ts); the clear
 * secret is shown once, when the webhook is created.
 */
export const webhooks = pgTable(
  "webhooks",
  {
    id: uuid().primaryKey().defaultRandom(),
    url: text().notNull(),
    format: text().$type<WebhookFormat>().notNull(),
    description: text(),
    secretEncrypted: text("secret_encrypted").notNull(),
    enabled: boolean().notNull().default(true),
    // Why the delivery worker turned the endpoint off (e.g. it answered 410 Gone); null when enabled.
    disabledReason: text("disabled_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("webhooks_format_check", sql`${t.format} in ('standard', 'slack')`)],
);

/**
 * The durable outbox: one row per message per webhook, written in the same transaction as what
 * caused it (an alert transition). `id` is the Standard Webhooks `webhook-id` header, the same on
 * every attempt, so receivers can deduplicate. `dedupe_key` makes the same alert transition
 * enqueue at most once per webhook, however often a job re-runs or however many workers race.
 */
export const webhookMessages = pgTable(
  "webhook_messages",
  {
    id: text().primaryKey(),
    webhookId: uuid("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    type: text().$type<WebhookMessageType>().notNull(),
    // The message's `data` object (lib/contracts/webhooks.ts); the body is rendered from it per format.
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    status: text().$type<WebhookMessageStatus>().notNull().default("pending"),
    // Attempts made in all (numbers the rows of webhook_attempts).
    attempts: integer().notNull().default(0),
    // Failed attempts since the message was last queued (by enqueue or Redeliver): picks the next backoff.
    retryStep: integer("retry_step").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    // A worker that claimed the message holds it until then; if it dies, the message is due again after.
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("webhook_messages_webhook_dedupe_unique").on(t.webhookId, t.dedupeKey),
    index("webhook_messages_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("webhook_messages_webhook_created_idx").on(t.webhookId, t.createdAt),
    check(
      "webhook_messages_type_check",
      sql`${t.type} in ('alert.firing', 'alert.resolved', 'webhook.test')`,
    ),
    check("webhook_messages_status_check", sql`${t.status} in ('pending', 'delivered', 'failed', 'gave_up')`),
  ],
);

/**
 * Every delivery attempt. The row is written when the attempt starts, so an attempt cut short by
 * a dying worker stays visible (no status, no duration) instead of vanishing.
 */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    messageId: text("message_id")
      .notNull()
      .references(() => webhookMessages.id, { onDelete: "cascade" }),
    attempt: integer().notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms"),
    // HTTP status of the response; null when none arrived (refused, timeout, connection error).
    statusCode: integer("status_code"),
    error: text(),
    // The start of the response body (capped), for the deliveries log.
    responseExcerpt: text("response_excerpt"),
  },
  (t) => [unique("webhook_attempts_message_attempt_unique").on(t.messageId, t.attempt)],
);

/**
 * What the demo's built-in receiver (/alerts/inbox) got: a newcomer watches alerts arrive with no
 * external service. The signature is checked on arrival (Standard Webhooks' timestamp tolerance
 * makes a later check fail) and the outcome stored with the message.
 */
export const inboxMessages = pgTable("inbox_messages", {
  id: bigserial({ mode: "number" }).primaryKey(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  messageId: text("message_id"),
  body: text().notNull(),
  // "verified by <webhook>", "unsigned", or why the signature did not verify.
  verification: text().notNull(),
  verified: boolean().notNull(),
});
