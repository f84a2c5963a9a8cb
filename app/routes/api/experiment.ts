import { readJsonBody } from "#app/api/body.server";
import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { experimentPatchSchema } from "#lib/contracts/experiments";
import { validate } from "#app/api/validate";
import { getExperiment, patchExperiment } from "#app/services/experiments.server";
import type { Route } from "./+types/experiment";

const spec: RouteSpec = {
  GET: {
    scope: "admin",
    handler: async ({ params, ctx }) => json(await getExperiment(ctx.db, params.key ?? "")),
  },
  PATCH: {
    scope: "admin",
    handler: async ({ request, params, ctx }) => {
      const patch = validate(experimentPatchSchema, await readJsonBody(request));
      return json(await patchExperiment(ctx.db, params.key ?? "", patch, ctx.now()));
    },
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
