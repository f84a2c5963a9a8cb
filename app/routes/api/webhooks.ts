import { z } from "zod";
import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { webhookCreatedSchema, webhookCreateSchema, webhookSchema } from "#lib/contracts/webhooks";
import { createWebhook, listWebhooks } from "#app/services/webhooks.server";

const operations = {
  GET: operation({
    summary: "List webhooks (secrets are never returned)",
    scope: "admin",
    response: z.object({ webhooks: z.array(webhookSchema) }),
    handler: async ({ ctx }) => ({ webhooks: await listWebhooks(ctx.db) }),
  }),
  POST: operation({
    summary: "Create a webhook; the response carries its signing secret, shown only this once",
    scope: "admin",
    body: webhookCreateSchema,
    response: webhookCreatedSchema,
    status: 201,
    errors: ["NOT_CONFIGURED"],
    handler: ({ ctx, body }) => createWebhook(ctx.db, ctx.webhooks, body),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
