import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { startExperiment } from "#app/services/experiments.server";
import type { Route } from "./+types/experiment-start";

const spec: RouteSpec = {
  POST: {
    scope: "admin",
    handler: async ({ params, ctx }) => json(await startExperiment(ctx.db, params.key ?? "", ctx.now())),
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
