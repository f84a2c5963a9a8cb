import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { resultsHistory } from "#app/services/results.server";
import type { Route } from "./+types/experiment-results-history";

const spec: RouteSpec = {
  GET: {
    scope: "admin",
    handler: async ({ params, ctx }) => json(await resultsHistory(ctx.db, params.key ?? "")),
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
