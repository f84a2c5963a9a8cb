import { operation, type Operations } from "#app/api/operation";
import { webhookIdParams } from "#app/api/params";
import { apiRoute } from "#app/api/route.server";
import { webhookDeliveriesSchema } from "#lib/contracts/webhooks";
import { webhookDeliveries } from "#app/services/webhooks.server";

const operations = {
  GET: operation({
    summary:
      "The delivery log: recent messages with every attempt (status, duration, error, response excerpt)",
    scope: "admin",
    params: webhookIdParams,
    response: webhookDeliveriesSchema,
    errors: ["NOT_FOUND"],
    handler: ({ ctx, params }) => webhookDeliveries(ctx.db, params.id),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
