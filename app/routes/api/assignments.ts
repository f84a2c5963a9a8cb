import { readBatch } from "#app/api/batch.server";
import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { assignmentsBatchSchema } from "#lib/contracts/ingest";
import { validate } from "#app/api/validate";
import { ingestAssignments } from "#app/services/assignments.server";
import type { Route } from "./+types/assignments";

const spec: RouteSpec = {
  POST: {
    scope: "ingest",
    handler: async ({ request, ctx }) => {
      const batch = validate(assignmentsBatchSchema, await readBatch(request, "assignments"));
      return json(await ingestAssignments(ctx.db, batch));
    },
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
