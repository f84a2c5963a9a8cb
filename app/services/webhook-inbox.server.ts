import { Webhook } from "standardwebhooks";
import type { DbHandle } from "#db/client";
import { insertInboxMessage, recentInboxMessages } from "#db/queries/inbox-messages";
import { insertWebhook, listWebhooks as listWebhookRows, updateWebhookUrl } from "#db/queries/webhooks";
import { AppError, notFound } from "#lib/errors";
import { decryptSecret, encryptSecret } from "#lib/webhooks/secret-box";
import type { WebhookSettings } from "#lib/webhooks/settings";
import { generateWebhookSecret } from "./webhooks.server";

/** How the demo's webhook is recognised across restarts (its URL follows the server's port). */
export const DEMO_INBOX_DESCRIPTION = "Demo inbox: Northstar's built-in receiver (/alerts/inbox)";
const MAX_BODY_BYTES = 64 * 1024;

function inboxOnly(settings: WebhookSettings): string {
  if (!settings.inboxUrl)
    throw notFound("The webhook inbox exists only in the demo on the embedded database");
  return settings.inboxUrl;
}

/**
 * The built-in receiver: stores what arrived and whether its Standard Webhooks signature
 * verifies with the secret of a webhook pointing here, checked now (the signature carries a
 * timestamp that receivers accept for five minutes only).
 */
export async function receiveInboxMessage(
  db: DbHandle,
  settings: WebhookSettings,
  headers: Headers,
  body: string,
): Promise<{ received: true; verified: boolean }> {
  const inboxUrl = inboxOnly(settings);
  if (Buffer.byteLength(body) > MAX_BODY_BYTES)
    throw new AppError("PAYLOAD_TOO_LARGE", "The inbox keeps messages of up to 64 KiB");
  const header = (name: string) => headers.get(name) ?? "";
  const signed = header("webhook-signature") !== "";
  let verification = "unsigned (Slack format)";
  let verified = false;
  if (signed) {
    verification = "signature does not verify with the secret of any webhook pointing at this inbox";
    const key = settings.secretKey;
    const candidates = key ? (await listWebhookRows(db)).filter((w) => w.url === inboxUrl) : [];
    for (const webhook of candidates) {
      try {
        new Webhook(decryptSecret(key as Buffer, webhook.secretEncrypted)).verify(body, {
          "webhook-id": header("webhook-id"),
          "webhook-timestamp": header("webhook-timestamp"),
          "webhook-signature": header("webhook-signature"),
        });
        verification = `verified with the secret of webhook ${webhook.id}`;
        verified = true;
        break;
      } catch {
        // Not this webhook's secret (or a stale timestamp): try the next.
      }
    }
  }
  await insertInboxMessage(db, { messageId: header("webhook-id") || null, body, verification, verified });
  return { received: true, verified };
}

/** The inbox page's view: newest first, each body parsed for its type and facts. */
export async function inboxView(db: DbHandle, settings: WebhookSettings) {
  inboxOnly(settings);
  const rows = await recentInboxMessages(db, 50);
  return rows.map((row) => {
    let parsed: {
      type?: unknown;
      data?: { rule?: { name?: unknown }; state?: unknown; target?: { label?: unknown } };
    } = {};
    try {
      parsed = JSON.parse(row.body);
    } catch {
      // Shown raw below.
    }
    const type = typeof parsed.type === "string" ? parsed.type : "slack message";
    const data = parsed.data;
    const summary =
      data?.rule && typeof data.rule.name === "string"
        ? `${data.rule.name} — ${String(data.target?.label ?? "")} (${String(data.state ?? "")})`
        : null;
    return {
      id: row.id,
      receivedAt: row.receivedAt.toISOString(),
      messageId: row.messageId,
      type,
      summary,
      verified: row.verified,
      verification: row.verification,
      body: JSON.stringify(parsed, null, 2) === "{}" ? row.body : JSON.stringify(parsed, null, 2),
    };
  });
}

/**
 * In demo mode a webhook points at the inbox: created when the demo is seeded, and moved to the
 * current port on later starts (the stored URL names the port it was created on).
 */
export async function ensureDemoInboxWebhook(
  db: DbHandle,
  settings: WebhookSettings,
  seeded: boolean,
): Promise<void> {
  if (!settings.inboxUrl || !settings.secretKey) return;
  const existing = (await listWebhookRows(db)).find((w) => w.description === DEMO_INBOX_DESCRIPTION);
  if (existing) {
    if (existing.url !== settings.inboxUrl) await updateWebhookUrl(db, existing.id, settings.inboxUrl);
    return;
  }
  if (!seeded) return;
  await insertWebhook(db, {
    url: settings.inboxUrl,
    format: "standard",
    description: DEMO_INBOX_DESCRIPTION,
    secretEncrypted: encryptSecret(settings.secretKey, generateWebhookSecret()),
  });
}
