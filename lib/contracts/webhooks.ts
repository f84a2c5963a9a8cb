import { z } from "zod";
import {
  ALERT_RULE_KINDS,
  WEBHOOK_FORMATS,
  WEBHOOK_MESSAGE_STATUSES,
  WEBHOOK_MESSAGE_TYPES,
} from "#lib/vocabulary";
import { text } from "./common";

const isoInstant = z.iso.datetime({ offset: true });

/**
 * The `data` of an `alert.firing` / `alert.resolved` webhook message: the facts of one alert
 * transition, enough for a receiver to act without calling back. Stored as the outbox row's
 * payload and rendered per format (Standard Webhooks JSON or a Slack message) at send time.
 */
export const alertWebhookDataSchema = z
  .object({
    rule: z.object({ id: z.string(), name: z.string() }),
    kind: z.enum(ALERT_RULE_KINDS),
    target: z
      .object({
        type: z.enum(["experiment", "model", "job"]),
        key: z.string().meta({ description: "Experiment key, model key or job name" }),
        label: z
          .string()
          .meta({ description: "Human description, e.g. 'checkout-test · latency (guardrail)'" }),
      })
      .meta({ description: "The instance the alert is about" }),
    state: z.enum(["firing", "resolved"]),
    value: z
      .number()
      .nullable()
      .meta({ description: "The observed value (p-value, drift share, AUC, failures…)" }),
    threshold: z.number().nullable(),
    startsAt: isoInstant.meta({ description: "When the alert started firing" }),
    endsAt: isoInstant.optional().meta({ description: "When it resolved (resolved messages only)" }),
    url: z.string().meta({ description: "Deep link to the dashboard page of the target" }),
  })
  .meta({ id: "AlertWebhookData" });

export type AlertWebhookData = z.infer<typeof alertWebhookDataSchema>;

/** The `data` of a `webhook.test` message ("Send test"). */
export const testWebhookDataSchema = z
  .object({
    webhook: z.object({ id: z.string() }),
    message: z.string(),
  })
  .meta({ id: "TestWebhookData" });

export type TestWebhookData = z.infer<typeof testWebhookDataSchema>;

export const webhookCreateSchema = z
  .strictObject({
    url: text(2048).min(1).meta({
      description: "http(s) URL; it must not resolve to a private, loopback or link-local address",
      example: "https://hooks.example.com/northstar",
    }),
    format: z.enum(WEBHOOK_FORMATS).default("standard").meta({
      description: "standard: Standard Webhooks (signed JSON); slack: a Slack incoming-webhook message",
    }),
    description: text(500).optional(),
  })
  .meta({ id: "WebhookCreate" });

export const webhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    format: z.enum(WEBHOOK_FORMATS),
    description: z.string().nullable(),
    enabled: z.boolean(),
    disabledReason: z
      .string()
      .nullable()
      .meta({ description: "Why delivery stopped (e.g. the endpoint answered 410 Gone)" }),
    createdAt: z.string(),
  })
  .meta({ id: "Webhook" });

export const webhookCreatedSchema = webhookSchema
  .extend({
    secret: z.string().meta({
      description:
        "The signing secret (whsec_ + base64 of 32 bytes). Shown only in this response; store it now.",
    }),
  })
  .meta({ id: "WebhookCreated" });

export const webhookAttemptSchema = z
  .object({
    attempt: z.number().int(),
    startedAt: z.string(),
    durationMs: z
      .number()
      .nullable()
      .meta({ description: "null: the attempt was cut short (the worker stopped)" }),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    responseExcerpt: z.string().nullable().meta({ description: "The first 4 KiB of the response body" }),
  })
  .meta({ id: "WebhookAttempt" });

export const webhookDeliverySchema = z
  .object({
    messageId: z.string().meta({ description: "The webhook-id header: the same on every attempt" }),
    type: z.enum(WEBHOOK_MESSAGE_TYPES),
    status: z.enum(WEBHOOK_MESSAGE_STATUSES),
    createdAt: z.string(),
    nextAttemptAt: z.string().nullable().meta({ description: "When a pending message is tried next" }),
    deliveredAt: z.string().nullable(),
    lastError: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    attempts: z.array(webhookAttemptSchema),
  })
  .meta({ id: "WebhookDelivery" });

export const webhookDeliveriesSchema = z
  .object({
    deliveries: z
      .array(webhookDeliverySchema)
      .meta({ description: "The 50 most recent messages, newest first" }),
  })
  .meta({ id: "WebhookDeliveries" });

export const webhookQueuedSchema = z
  .object({ messageId: z.string(), status: z.literal("pending") })
  .meta({ id: "WebhookQueued" });
