import { dispatch, json, type RouteSpec } from "../../api/route.server";
import { assignQuerySchema } from "../../api/schemas/ingest";
import { validate } from "../../api/validate";
import { assignUnit } from "../../services/assignments.server";
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
