import { readJsonBody } from "../../api/body.server";
import { dispatch, json, type RouteSpec } from "../../api/route.server";
import { analyzeRequestSchema } from "../../api/schemas/analyze";
import { validate } from "../../api/validate";
import { analyze } from "../../services/analyze";
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
