import { operation, type Operations } from "#app/api/operation";
import { experimentKeyParams } from "#app/api/params";
import { dispatch } from "#app/api/route.server";
import { resultsSchema } from "#lib/contracts/results";
import { latestResults } from "#app/services/results.server";
import type { Route } from "./+types/experiment-results";

export const operations = {
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

export const loader = (args: Route.LoaderArgs) => dispatch(operations, args);
export const action = (args: Route.ActionArgs) => dispatch(operations, args);
