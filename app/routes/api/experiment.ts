import { readJsonBody } from "../../api/body.server";
import { dispatch, json, type RouteSpec } from "../../api/route.server";
import { experimentPatchSchema } from "../../api/schemas/experiments";
import { validate } from "../../api/validate";
import { getExperiment, patchExperiment } from "../../services/experiments.server";
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
