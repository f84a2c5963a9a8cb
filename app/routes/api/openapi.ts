import { openApiDocument } from "#app/api/openapi.server";
import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import type { Route } from "./+types/openapi";

const spec: RouteSpec = {
  GET: { scope: null, handler: async () => json(openApiDocument()) },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
