/** The webhooks page: each webhook with its recent deliveries, and its Send test / Redeliver actions. */
import type { AppContext } from "#app/server/context.server";
import {
  listWebhooks,
  redeliverMessage,
  sendTestMessage,
  webhookDeliveries,
} from "#app/services/webhooks.server";
import { invalidInput } from "#lib/errors";

const RECENT = 10;

export async function webhooksPage(ctx: AppContext) {
  const webhooks = await listWebhooks(ctx.db);
  return {
    inbox: ctx.webhooks.inboxUrl !== null,
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

/** `intent=test` queues a test message; `intent=redeliver` re-queues `message`. */
export async function webhookAction(ctx: AppContext, form: FormData) {
  const intent = form.get("intent");
  const webhook = form.get("webhook");
  if (typeof webhook !== "string" || webhook === "") throw invalidInput("Which webhook is missing");
  if (intent === "test") return { queued: await sendTestMessage(ctx.db, webhook, ctx.now()) };
  const message = form.get("message");
  if (intent === "redeliver" && typeof message === "string" && message !== "") {
    return { queued: await redeliverMessage(ctx.db, webhook, message, ctx.now()) };
  }
  throw invalidInput("Unknown action");
}
