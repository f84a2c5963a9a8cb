import { readBatch } from "#app/api/batch.server";
import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { predictionsBatchSchema } from "#lib/contracts/models";
import { validate } from "#app/api/validate";
import { ingestPredictions } from "#app/services/predictions.server";
import type { Route } from "./+types/predictions";

const spec: RouteSpec = {
  POST: {
    scope: "ingest",
    handler: async ({ request, ctx }) => {
      const batch = validate(predictionsBatchSchema, await readBatch(request, "predictions"));
      return json(await ingestPredictions(ctx.db, batch, ctx.now()));
    },
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
