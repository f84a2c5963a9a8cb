import { readJsonBody } from "#app/api/body.server";
import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { analyzeRequestSchema } from "#lib/contracts/analyze";
import { validate } from "#app/api/validate";
import { analyze } from "#app/services/analyze";
import type { Route } from "./+types/analyze";

// Stateless: any valid key may ask (an ingest key is enough), nothing is stored.
const spec: RouteSpec = {
  POST: {
    scope: "ingest",
    handler: async ({ request }) =>
      json(analyze(validate(analyzeRequestSchema, await readJsonBody(request)))),
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
