import { readJsonBody } from "#app/api/body.server";
import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { referenceWindowInputSchema } from "#lib/contracts/models";
import { validate } from "#app/api/validate";
import { setReferenceWindow } from "#app/services/models.server";
import type { Route } from "./+types/models-reference";

const spec: RouteSpec = {
  PUT: {
    scope: "admin",
    handler: async ({ request, params, ctx }) => {
      const window = validate(referenceWindowInputSchema, await readJsonBody(request));
      return json(await setReferenceWindow(ctx.db, params.key ?? "", params.version ?? "", window));
    },
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
