import type { DbHandle } from "#db/client";
import { type ClaimedMessage, claimDueMessages, finishAttempt } from "#db/queries/webhook-messages";
import { disableWebhook } from "#db/queries/webhooks";
import type { Logger } from "#lib/log";
import { decryptSecret } from "#lib/webhooks/secret-box";
import type { WebhookSettings } from "#lib/webhooks/settings";
import { checkWebhookUrl, type Lookup, UnsafeUrlError } from "#lib/webhooks/url-guard";
import { DEFAULT_SEND_LIMITS, type SendLimits, type SendOutcome, sendWebhookRequest } from "./webhook-http";
import { renderRequest, withPublicLinks } from "./webhook-render";

/**
 * Wait after the n-th failed attempt (Standard Webhooks' / Svix's schedule): 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h; after the 8th failure (≈ 27.6 h after the first attempt) the message is given up.
 */
export const RETRY_SCHEDULE_MS = [5e3, 300e3, 1800e3, 7200e3, 18000e3, 36000e3, 36000e3] as const;
/** ± this fraction of jitter on each wait, so endpoints that failed together are not retried together. */
const JITTER = 0.2;
/** Longest Retry-After honoured; a longer one is cut to this (the schedule's longest wait). */
const MAX_RETRY_AFTER_MS = 36000e3;

/** The wait before the retry after `failures` failed attempts, or null to give up. */
export function retryDelayMs(failures: number, random: () => number = Math.random): number | null {
  const base = RETRY_SCHEDULE_MS[failures - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3), in ms from `now`; null when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now: Date): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}

export interface DeliveryOptions {
  db: DbHandle;
  log: Logger;
  settings: WebhookSettings;
  now?: () => Date;
  /** How long a claim holds a message before another worker may retry it. */
  leaseMs?: number;
  batchSize?: number;
  limits?: SendLimits;
  lookup?: Lookup;
  random?: () => number;
  /** Stop claiming new batches after this long (the rest waits for the next run). */
  budgetMs?: number;
}

/** Long enough for a send (≤ 10 s) and its bookkeeping; a crashed worker's message is due again after it. */
export const DEFAULT_LEASE_MS = 60_000;

/**
 * Sends every due message: claims a batch, sends its requests side by side, records each attempt,
 * and repeats until nothing is due or the time budget is spent. Returns how many attempts it made.
 */
export async function deliverDueMessages(
  options: DeliveryOptions,
): Promise<{ attempts: number; delivered: number }> {
  const now = options.now ?? (() => new Date());
  const started = Date.now();
  const budget = options.budgetMs ?? 120_000;
  let attempts = 0;
  let delivered = 0;
  while (Date.now() - started < budget) {
    const batch = await claimDueMessages(options.db, {
      now: now(),
      leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
      limit: options.batchSize ?? 10,
    });
    if (batch.length === 0) break;
    const outcomes = await Promise.all(batch.map((message) => deliverOne(options, message, now)));
    attempts += batch.length;
    delivered += outcomes.filter(Boolean).length;
  }
  return { attempts, delivered };
}

async function deliverOne(
  options: DeliveryOptions,
  message: ClaimedMessage,
  now: () => Date,
): Promise<boolean> {
  const { db, log } = options;
  const startedAt = now();
  const clock = Date.now();
  const outcome = await attempt(options, message, startedAt);
  const durationMs = Date.now() - clock;
  const finishedAt = new Date(startedAt.getTime() + durationMs);
  const base = { messageId: message.id, attempt: message.attempt, durationMs };

  if (outcome.kind === "response" && outcome.status >= 200 && outcome.status < 300) {
    await finishAttempt(db, {
      ...base,
      statusCode: outcome.status,
      error: null,
      responseExcerpt: outcome.excerpt,
      outcome: { status: "delivered", at: finishedAt },
    });
    log.info("webhook delivered", {
      messageId: message.id,
      webhookId: message.webhookId,
      attempt: message.attempt,
    });
    return true;
  }

  const statusCode = outcome.kind === "response" ? outcome.status : null;
  const responseExcerpt = outcome.kind === "response" ? outcome.excerpt : null;
  const error = describeFailure(outcome);
  if (statusCode === 410) {
    // 410 Gone: the receiver says the endpoint is retired; stop sending to it (Standard Webhooks' advice).
    await db.transaction(async (tx) => {
      await finishAttempt(tx, { ...base, statusCode, error, responseExcerpt, outcome: { status: "failed" } });
      await disableWebhook(tx, message.webhookId, `answered 410 Gone on ${finishedAt.toISOString()}`);
    });
    log.warn("webhook endpoint disabled: 410 Gone", { webhookId: message.webhookId });
    return false;
  }
  const failures = message.retryStep + 1;
  const backoff = retryDelayMs(failures, options.random);
  const asked = outcome.kind === "response" ? retryAfterMs(outcome.headers["retry-after"], finishedAt) : null;
  const wait =
    backoff === null ? null : asked === null ? backoff : Math.min(Math.max(asked, 1000), MAX_RETRY_AFTER_MS);
  await finishAttempt(db, {
    ...base,
    statusCode,
    error,
    responseExcerpt,
    outcome:
      wait === null
        ? { status: "gave_up" }
        : { status: "pending", retryStep: failures, nextAttemptAt: new Date(finishedAt.getTime() + wait) },
  });
  log.warn("webhook attempt failed", {
    messageId: message.id,
    webhookId: message.webhookId,
    attempt: message.attempt,
    error,
    retryInMs: wait,
  });
  return false;
}

/** Checks the URL again (DNS may have changed since the webhook was created), renders, signs and sends. */
async function attempt(
  options: DeliveryOptions,
  message: ClaimedMessage,
  sentAt: Date,
): Promise<SendOutcome> {
  const { settings } = options;
  try {
    const checked = await checkWebhookUrl(message.url, {
      allowPrivate: settings.allowPrivate || message.url === settings.inboxUrl,
      lookup: options.lookup ?? settings.lookup,
    });
    const request = renderRequest(
      message.format,
      {
        id: message.id,
        type: message.type,
        data: withPublicLinks(message.payload, settings.publicUrl),
        createdAt: message.createdAt,
      },
      () => {
        if (!settings.secretKey)
          throw new Error("NORTHSTAR_SECRET_KEY is not set: cannot decrypt the signing secret");
        return decryptSecret(settings.secretKey, message.secretEncrypted);
      },
      sentAt,
    );
    return await sendWebhookRequest(checked, request, options.limits ?? DEFAULT_SEND_LIMITS);
  } catch (error) {
    if (error instanceof UnsafeUrlError) return { kind: "error", error: `refused: the URL ${error.message}` };
    return { kind: "error", error: error instanceof Error ? error.message : String(error) };
  }
}

function describeFailure(outcome: SendOutcome): string {
  if (outcome.kind === "error") return outcome.error;
  if (outcome.status >= 300 && outcome.status < 400) {
    const location = outcome.headers.location;
    return `answered ${outcome.status} (redirects are not followed${location ? `; Location: ${location}` : ""})`;
  }
  return `answered ${outcome.status}`;
}
