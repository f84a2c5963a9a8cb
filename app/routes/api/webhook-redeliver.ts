import { z } from "zod";
import { operation, type Operations } from "#app/api/operation";
import { webhookIdParams } from "#app/api/params";
import { apiRoute } from "#app/api/route.server";
import { webhookQueuedSchema } from "#lib/contracts/webhooks";
import { redeliverMessage } from "#app/services/webhooks.server";

const operations = {
  POST: operation({
    summary: "Redeliver a message now, with the same webhook-id and a fresh retry schedule",
    scope: "admin",
    params: webhookIdParams.extend({
      messageId: z.string().meta({ description: "The message's webhook-id" }),
    }),
    response: webhookQueuedSchema,
    status: 202,
    errors: ["NOT_FOUND", "CONFLICT"],
    handler: ({ ctx, params }) => redeliverMessage(ctx.db, params.id, params.messageId, ctx.now()),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
