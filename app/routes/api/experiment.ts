import { operation, type Operations } from "#app/api/operation";
import { experimentKeyParams } from "#app/api/params";
import { apiRoute } from "#app/api/route.server";
import { experimentPatchSchema, experimentSchema } from "#lib/contracts/experiments";
import { getExperiment, patchExperiment } from "#app/services/experiments.server";

const operations = {
  GET: operation({
    summary: "Get an experiment",
    scope: "admin",
    params: experimentKeyParams,
    response: experimentSchema,
    errors: ["NOT_FOUND"],
    handler: ({ ctx, params }) => getExperiment(ctx.db, params.key),
  }),
  PATCH: operation({
    summary: "Change an experiment (arms only while a draft)",
    scope: "admin",
    params: experimentKeyParams,
    body: experimentPatchSchema,
    response: experimentSchema,
    errors: ["NOT_FOUND", "CONFLICT"],
    handler: ({ ctx, params, body }) => patchExperiment(ctx.db, params.key, body, ctx.now()),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
