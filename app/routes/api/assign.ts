import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { assignQuerySchema, assignmentResponseSchema } from "#lib/contracts/ingest";
import { assignUnit } from "#app/services/assignments.server";

const operations = {
  GET: operation({
    summary: "Assign a unit deterministically and record it",
    scope: "ingest",
    query: assignQuerySchema,
    response: assignmentResponseSchema,
    errors: ["NOT_FOUND", "CONFLICT"],
    handler: ({ ctx, query }) =>
      assignUnit(ctx.db, query.experiment, query.unit, ctx.now(), query.attributes),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
