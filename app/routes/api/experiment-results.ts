import { operation, type Operations } from "#app/api/operation";
import { experimentKeyParams } from "#app/api/params";
import { apiRoute } from "#app/api/route.server";
import { resultsSchema } from "#lib/contracts/results";
import { latestResults } from "#app/services/results.server";

const operations = {
  GET: operation({
    summary:
      "Latest results snapshot: per metric and variant, lift, interval, p-value or chance to win; SRM; data quality",
    scope: "admin",
    params: experimentKeyParams,
    response: resultsSchema,
    errors: ["NOT_FOUND"],
    handler: ({ ctx, params }) => latestResults(ctx.db, params.key),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
