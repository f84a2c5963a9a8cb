import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { monitoringQuerySchema } from "#lib/contracts/models";
import { validate } from "#app/api/validate";
import { listDrift } from "#app/services/model-monitoring.server";
import type { Route } from "./+types/models-drift";

const spec: RouteSpec = {
  GET: {
    scope: "admin",
    handler: async ({ url, params, ctx }) => {
      const query = validate(monitoringQuerySchema, Object.fromEntries(url.searchParams), "query string");
      return json({ drift: await listDrift(ctx.db, params.key ?? "", query) });
    },
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
