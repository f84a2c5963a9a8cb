import { readBatch } from "#app/api/batch.server";
import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { eventsBatchSchema } from "#lib/contracts/ingest";
import { validate } from "#app/api/validate";
import { ingestEvents } from "#app/services/events.server";
import type { Route } from "./+types/events";

const spec: RouteSpec = {
  POST: {
    scope: "ingest",
    handler: async ({ request, ctx }) => {
      const batch = validate(eventsBatchSchema, await readBatch(request, "events"));
      return json(await ingestEvents(ctx.db, batch));
    },
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
