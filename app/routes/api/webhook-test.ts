import { operation, type Operations } from "#app/api/operation";
import { webhookIdParams } from "#app/api/params";
import { apiRoute } from "#app/api/route.server";
import { webhookQueuedSchema } from "#lib/contracts/webhooks";
import { sendTestMessage } from "#app/services/webhooks.server";

const operations = {
  POST: operation({
    summary: "Send test: queue a webhook.test message; follow it in the delivery log",
    scope: "admin",
    params: webhookIdParams,
    response: webhookQueuedSchema,
    status: 202,
    errors: ["NOT_FOUND", "CONFLICT"],
    handler: ({ ctx, params }) => sendTestMessage(ctx.db, params.id, ctx.now()),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
