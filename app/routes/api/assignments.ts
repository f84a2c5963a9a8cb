import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { assignmentsBatchSchema, assignmentsResultSchema } from "#lib/contracts/ingest";
import { ingestAssignments } from "#app/services/assignments.server";

const operations = {
  POST: operation({
    summary: "Record assignments made by the client (≤ 10,000 / 5 MB)",
    scope: "ingest",
    body: assignmentsBatchSchema,
    batch: "assignments",
    response: assignmentsResultSchema,
    errors: ["CONFLICT"],
    handler: ({ ctx, body }) => ingestAssignments(ctx.db, body),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
