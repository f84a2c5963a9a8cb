import { operation, type Operations } from "#app/api/operation";
import { experimentKeyParams } from "#app/api/params";
import { apiRoute } from "#app/api/route.server";
import { experimentSchema } from "#lib/contracts/experiments";
import { stopExperiment } from "#app/services/experiments.server";

const operations = {
  POST: operation({
    summary: "Stop a running experiment",
    scope: "admin",
    params: experimentKeyParams,
    response: experimentSchema,
    errors: ["NOT_FOUND", "CONFLICT"],
    handler: ({ ctx, params }) => stopExperiment(ctx.db, params.key, ctx.now()),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
