import { Webhook } from "standardwebhooks";
import { alertWebhookDataSchema, testWebhookDataSchema } from "#lib/contracts/webhooks";
import type { WebhookFormat, WebhookMessageType } from "#lib/vocabulary";

/** One message as the delivery worker sends it. */
export interface OutgoingMessage {
  id: string;
  type: WebhookMessageType;
  data: Record<string, unknown>;
  /** When the message was queued: the body's `timestamp`, the same on every attempt. */
  createdAt: Date;
}

export interface RenderedRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * The Standard Webhooks request (standardwebhooks.com): body `{ type, timestamp, data }` and the
 * `webhook-id` / `webhook-timestamp` / `webhook-signature` headers, signed by the maintained
 * `standardwebhooks` package (HMAC-SHA256 over `${id}.${timestamp}.${body}` with the secret's
 * bytes). The body is the same on every attempt; the timestamp header (and so the signature) is
 * the attempt's, which is what lets receivers reject replays of old requests.
 */
export function renderStandard(message: OutgoingMessage, secret: string, sentAt: Date): RenderedRequest {
  const body = JSON.stringify({
    type: message.type,
    timestamp: message.createdAt.toISOString(),
    data: message.data,
  });
  return {
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": message.id,
      "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(message.id, sentAt, body),
    },
  };
}

const number = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 });
const show = (value: number | null) => (value === null ? "—" : number.format(value));

/** Slack's link syntax breaks on these three characters; they are escaped in text (api.slack.com/reference/surfaces/formatting). */
const escapeText = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/**
 * A Slack incoming-webhook payload: `text` (the notification and fallback line) and Block Kit
 * blocks with the same facts and the link. Slack does not verify signatures on incoming
 * webhooks (the URL itself is the secret), so these requests carry only `webhook-id`.
 */
export function renderSlack(message: OutgoingMessage): RenderedRequest {
  const headers = { "content-type": "application/json", "webhook-id": message.id };
  const test = testWebhookDataSchema.safeParse(message.data);
  if (message.type === "webhook.test" && test.success) {
    const text = `Northstar test message: ${escapeText(test.data.message)}`;
    return {
      headers,
      body: JSON.stringify({ text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] }),
    };
  }
  const alert = alertWebhookDataSchema.parse(message.data);
  const firing = alert.state === "firing";
  const headline = `${firing ? ":rotating_light: Firing" : ":white_check_mark: Resolved"}: ${escapeText(alert.rule.name)} — ${escapeText(alert.target.label)}`;
  const facts = [
    `*Kind:* ${alert.kind}`,
    `*Target:* ${escapeText(alert.target.label)}`,
    `*Value:* ${show(alert.value)}`,
    `*Threshold:* ${show(alert.threshold)}`,
    `*Since:* ${alert.startsAt}`,
    ...(alert.endsAt ? [`*Resolved at:* ${alert.endsAt}`] : []),
  ];
  const text = `${headline} (value ${show(alert.value)}, threshold ${show(alert.threshold)}) <${alert.url}|Open in Northstar>`;
  return {
    headers,
    body: JSON.stringify({
      text,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: `*${headline}*` } },
        { type: "section", fields: facts.map((fact) => ({ type: "mrkdwn", text: fact })) },
        { type: "section", text: { type: "mrkdwn", text: `<${alert.url}|Open in Northstar>` } },
      ],
    }),
  };
}

/**
 * The jobs store an alert's link as a dashboard path (they do not know where people reach the
 * dashboard); a message carries it as an absolute link under NORTHSTAR_PUBLIC_URL, so it opens
 * from a chat or a mail.
 */
export function withPublicLinks(data: Record<string, unknown>, publicUrl: string): Record<string, unknown> {
  return typeof data.url === "string" && data.url.startsWith("/")
    ? { ...data, url: `${publicUrl}${data.url}` }
    : data;
}

export function renderRequest(
  format: WebhookFormat,
  message: OutgoingMessage,
  secret: () => string,
  sentAt: Date,
): RenderedRequest {
  return format === "slack" ? renderSlack(message) : renderStandard(message, secret(), sentAt);
}
