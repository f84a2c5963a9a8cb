import { z } from "zod";
import { ALERT_RULE_KINDS } from "#lib/vocabulary";

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
