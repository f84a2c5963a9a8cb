import { operation, type Operations } from "#app/api/operation";
import { modelKeyParams } from "#app/api/params";
import { apiRoute } from "#app/api/route.server";
import { modelDetailSchema } from "#lib/contracts/models";
import { getModel } from "#app/services/models.server";

const operations = {
  GET: operation({
    summary: "Get a model with its versions, reference windows and prediction counts",
    scope: "admin",
    params: modelKeyParams,
    response: modelDetailSchema,
    errors: ["NOT_FOUND"],
    handler: ({ ctx, params }) => getModel(ctx.db, params.key),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
