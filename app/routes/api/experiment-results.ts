import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { latestResults } from "#app/services/results.server";
import type { Route } from "./+types/experiment-results";

const spec: RouteSpec = {
  GET: {
    scope: "admin",
    handler: async ({ params, ctx }) => json(await latestResults(ctx.db, params.key ?? "")),
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
