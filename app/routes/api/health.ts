import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { pingDatabase } from "#db/queries/health";
import type { Route } from "./+types/health";

const spec: RouteSpec = {
  GET: {
    scope: null,
    handler: async ({ ctx }) => {
      await pingDatabase(ctx.db);
      return json({ status: "ok", database: ctx.db.driver, time: ctx.now().toISOString() });
    },
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
