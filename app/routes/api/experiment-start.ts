import { operation, type Operations } from "#app/api/operation";
import { experimentKeyParams } from "#app/api/params";
import { apiRoute } from "#app/api/route.server";
import { experimentSchema } from "#lib/contracts/experiments";
import { startExperiment } from "#app/services/experiments.server";

const operations = {
  POST: operation({
    summary: "Start a draft experiment",
    scope: "admin",
    params: experimentKeyParams,
    response: experimentSchema,
    errors: ["NOT_FOUND", "CONFLICT"],
    handler: ({ ctx, params }) => startExperiment(ctx.db, params.key, ctx.now()),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
