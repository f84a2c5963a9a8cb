/** The webhooks page: each webhook with its recent deliveries, its Send test / Redeliver actions, and adding one. */
import { submitForm } from "#app/pages/form-data";
import { createdWebhookNotice, webhookInputFromForm } from "#app/pages/webhook-form";
import type { AppContext } from "#app/server/context.server";
import {
  createWebhook,
  listWebhooks,
  redeliverMessage,
  sendTestMessage,
  webhookDeliveries,
} from "#app/services/webhooks.server";
import { webhookCreateSchema } from "#lib/contracts/webhooks";
import { invalidInput } from "#lib/errors";

const RECENT = 10;

export async function webhooksPage(ctx: AppContext) {
  const webhooks = await listWebhooks(ctx.db);
  return {
    inbox: ctx.webhooks.inboxUrl !== null,
    // Only whether a key exists: without one the service refuses to store a signing secret.
    canCreate: ctx.webhooks.secretKey !== null,
    webhooks: await Promise.all(
      webhooks.map(async (w) => ({
        ...w,
        deliveries: (await webhookDeliveries(ctx.db, w.id)).deliveries.slice(0, RECENT).map((d) => {
          const last = d.attempts.at(-1);
          return {
            messageId: d.messageId,
            type: d.type,
            status: d.status,
            createdAt: d.createdAt,
            nextAttemptAt: d.nextAttemptAt,
            attempts: d.attempts.length,
            lastStatusCode: last?.statusCode ?? null,
            lastDurationMs: last?.durationMs ?? null,
            lastError: d.lastError,
          };
        }),
      })),
    ),
  };
}

/**
 * Checks the form with the API's own schema, then lets the service's URL guard judge the address:
 * both refusals come back as messages beside their fields.
 */
function createFromForm(ctx: AppContext, form: FormData) {
  // The only response that ever carries the secret; the page shows it once and never again.
  return submitForm(webhookCreateSchema, webhookInputFromForm(form), async (webhook) => ({
    created: createdWebhookNotice(await createWebhook(ctx.db, ctx.webhooks, webhook)),
  }));
}

/** `intent=create` adds a webhook; `intent=test` queues a test message; `intent=redeliver` re-queues `message`. */
export async function webhookAction(ctx: AppContext, form: FormData) {
  const intent = form.get("intent");
  if (intent === "create") return createFromForm(ctx, form);
  const webhook = form.get("webhook");
  if (typeof webhook !== "string" || webhook === "") throw invalidInput("Which webhook is missing");
  if (intent === "test") return { queued: await sendTestMessage(ctx.db, webhook, ctx.now()) };
  const message = form.get("message");
  if (intent === "redeliver" && typeof message === "string" && message !== "") {
    return { queued: await redeliverMessage(ctx.db, webhook, message, ctx.now()) };
  }
  throw invalidInput("Unknown action");
}
