import { operation, type Operations } from "#app/api/operation";
import { experimentKeyParams } from "#app/api/params";
import { apiRoute } from "#app/api/route.server";
import { resultsHistorySchema } from "#lib/contracts/results";
import { resultsHistory } from "#app/services/results.server";

const operations = {
  GET: operation({
    summary: "Every snapshot, oldest first (one per day plus the latest): the cumulative-lift series",
    scope: "admin",
    params: experimentKeyParams,
    response: resultsHistorySchema,
    errors: ["NOT_FOUND"],
    handler: ({ ctx, params }) => resultsHistory(ctx.db, params.key),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
