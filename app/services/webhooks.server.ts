import { randomBytes } from "node:crypto";
import type { DbHandle } from "#db/client";
import { enqueueWebhookMessage, listDeliveries, requeueMessage } from "#db/queries/webhook-messages";
import {
  deleteWebhook as deleteWebhookRow,
  findWebhook,
  insertWebhook,
  listWebhooks as listWebhookRows,
  type WebhookRow,
} from "#db/queries/webhooks";
import type { TestWebhookData } from "#lib/contracts/webhooks";
import { AppError, conflict, invalidInput, notFound } from "#lib/errors";
import { encryptSecret } from "#lib/webhooks/secret-box";
import type { WebhookSettings } from "#lib/webhooks/settings";
import { checkWebhookUrl, UnsafeUrlError } from "#lib/webhooks/url-guard";
import type { WebhookFormat } from "#lib/vocabulary";

/** `whsec_` + base64 of 32 random bytes: the Standard Webhooks secret format. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toWebhookView(row: WebhookRow) {
  return {
    id: row.id,
    url: row.url,
    format: row.format,
    description: row.description,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Checks a URL with the SSRF guard as the delivery worker will; the demo inbox's own URL is let through. */
export async function assertDeliverableUrl(url: string, settings: WebhookSettings): Promise<void> {
  try {
    await checkWebhookUrl(url, {
      allowPrivate: settings.allowPrivate || url === settings.inboxUrl,
      lookup: settings.lookup,
    });
  } catch (error) {
    if (error instanceof UnsafeUrlError) {
      throw invalidInput(`The webhook URL ${error.message}`, [{ path: "url", message: error.message }]);
    }
    throw error;
  }
}

/**
 * Creates a webhook and returns it with its signing secret in clear — the only time the secret
 * leaves the server. It is stored encrypted; logs never see it.
 */
export async function createWebhook(
  db: DbHandle,
  settings: WebhookSettings,
  input: { url: string; format: WebhookFormat; description?: string },
) {
  if (!settings.secretKey) {
    throw new AppError(
      "NOT_CONFIGURED",
      "Webhooks need NORTHSTAR_SECRET_KEY (32 random bytes, base64) to store signing secrets",
    );
  }
  await assertDeliverableUrl(input.url, settings);
  const secret = generateWebhookSecret();
  const row = await insertWebhook(db, {
    url: input.url,
    format: input.format,
    description: input.description ?? null,
    secretEncrypted: encryptSecret(settings.secretKey, secret),
  });
  return { ...toWebhookView(row), secret };
}

export async function listWebhooks(db: DbHandle) {
  return (await listWebhookRows(db)).map(toWebhookView);
}

export async function findWebhookRow(db: DbHandle, id: string): Promise<WebhookRow> {
  const row = UUID.test(id) ? await findWebhook(db, id) : undefined;
  if (!row) throw notFound(`No webhook ${id}`);
  return row;
}

export async function deleteWebhook(db: DbHandle, id: string): Promise<void> {
  if (!UUID.test(id) || !(await deleteWebhookRow(db, id))) throw notFound(`No webhook ${id}`);
}

/** Queues a `webhook.test` message ("Send test"); the delivery worker sends it like any other. */
export async function sendTestMessage(db: DbHandle, id: string, now: Date) {
  const row = await findWebhookRow(db, id);
  if (!row.enabled)
    throw conflict(
      `The webhook is disabled (${row.disabledReason ?? "by an operator"}); create it again to resume`,
    );
  const data: TestWebhookData = {
    webhook: { id: row.id },
    message: `Test message sent from Northstar at ${now.toISOString()}`,
  };
  const messageId = await enqueueWebhookMessage(
    db,
    row.id,
    "webhook.test",
    data,
    `test:${randomBytes(12).toString("hex")}`,
  );
  if (!messageId) throw conflict("The webhook was disabled meanwhile");
  return { messageId, status: "pending" as const };
}

/** Queues a message again with the same webhook-id and a fresh retry schedule ("Redeliver"). */
export async function redeliverMessage(db: DbHandle, id: string, messageId: string, now: Date) {
  const row = await findWebhookRow(db, id);
  if (!row.enabled) throw conflict(`The webhook is disabled (${row.disabledReason ?? "by an operator"})`);
  if (!(await requeueMessage(db, row.id, messageId, now))) {
    // Either no such message, or a worker holds it right now (it will record that attempt).
    const known = (await listDeliveries(db, row.id, 1000)).some((d) => d.message.id === messageId);
    if (!known) throw notFound(`No message ${messageId} for webhook ${id}`);
    throw conflict(`Message ${messageId} is being sent right now`);
  }
  return { messageId, status: "pending" as const };
}

/** The deliveries log: recent messages with every attempt. */
export async function webhookDeliveries(db: DbHandle, id: string) {
  const row = await findWebhookRow(db, id);
  const deliveries = await listDeliveries(db, row.id, 50);
  return {
    deliveries: deliveries.map(({ message, attempts }) => ({
      messageId: message.id,
      type: message.type,
      status: message.status,
      createdAt: message.createdAt.toISOString(),
      nextAttemptAt: message.status === "pending" ? message.nextAttemptAt.toISOString() : null,
      deliveredAt: message.deliveredAt?.toISOString() ?? null,
      lastError: message.lastError,
      data: message.payload,
      attempts: attempts.map((a) => ({
        attempt: a.attempt,
        startedAt: a.startedAt.toISOString(),
        durationMs: a.durationMs,
        statusCode: a.statusCode,
        error: a.error,
        responseExcerpt: a.responseExcerpt,
      })),
    })),
  };
}
