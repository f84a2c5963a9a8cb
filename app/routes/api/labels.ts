import { readBatch } from "#app/api/batch.server";
import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { labelsBatchSchema } from "#lib/contracts/models";
import { validate } from "#app/api/validate";
import { ingestLabels } from "#app/services/predictions.server";
import type { Route } from "./+types/labels";

const spec: RouteSpec = {
  POST: {
    scope: "ingest",
    handler: async ({ request, ctx }) => {
      const batch = validate(labelsBatchSchema, await readBatch(request, "labels"));
      return json(await ingestLabels(ctx.db, batch, ctx.now()));
    },
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
