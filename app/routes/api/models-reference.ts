import { readJsonBody } from "../../api/body.server";
import { dispatch, json, type RouteSpec } from "../../api/route.server";
import { referenceWindowInputSchema } from "../../api/schemas/models";
import { validate } from "../../api/validate";
import { setReferenceWindow } from "../../services/models.server";
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
