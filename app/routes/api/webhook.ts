import { z } from "zod";
import { operation, type Operations } from "#app/api/operation";
import { webhookIdParams } from "#app/api/params";
import { apiRoute } from "#app/api/route.server";
import { webhookSchema } from "#lib/contracts/webhooks";
import { deleteWebhook, findWebhookRow, toWebhookView } from "#app/services/webhooks.server";

const operations = {
  GET: operation({
    summary: "One webhook (without its secret)",
    scope: "admin",
    params: webhookIdParams,
    response: webhookSchema,
    errors: ["NOT_FOUND"],
    handler: async ({ ctx, params }) => toWebhookView(await findWebhookRow(ctx.db, params.id)),
  }),
  DELETE: operation({
    summary: "Delete a webhook with its messages and delivery log",
    scope: "admin",
    params: webhookIdParams,
    response: z.object({ deleted: z.literal(true) }),
    errors: ["NOT_FOUND"],
    handler: async ({ ctx, params }) => {
      await deleteWebhook(ctx.db, params.id);
      return { deleted: true as const };
    },
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
