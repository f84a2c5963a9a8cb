import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { getModel } from "#app/services/models.server";
import type { Route } from "./+types/models-detail";

const spec: RouteSpec = {
  GET: {
    scope: "admin",
    handler: async ({ params, ctx }) => json(await getModel(ctx.db, params.key ?? "")),
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
