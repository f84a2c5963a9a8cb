import { readJsonBody } from "#app/api/body.server";
import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { modelCreateSchema } from "#lib/contracts/models";
import { validate } from "#app/api/validate";
import { createModel, listModels } from "#app/services/models.server";
import type { Route } from "./+types/models";

const spec: RouteSpec = {
  GET: {
    scope: "admin",
    handler: async ({ ctx }) => json({ models: await listModels(ctx.db) }),
  },
  POST: {
    scope: "admin",
    handler: async ({ request, ctx }) => {
      const input = validate(modelCreateSchema, await readJsonBody(request));
      return json(await createModel(ctx.db, input, ctx.now()), 201);
    },
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
