import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { assignQuerySchema } from "#lib/contracts/ingest";
import { validate } from "#app/api/validate";
import { assignUnit } from "#app/services/assignments.server";
import type { Route } from "./+types/assign";

const spec: RouteSpec = {
  GET: {
    scope: "ingest",
    handler: async ({ url, ctx }) => {
      const query = validate(assignQuerySchema, Object.fromEntries(url.searchParams), "query string");
      return json(await assignUnit(ctx.db, query.experiment, query.unit, ctx.now()));
    },
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
