import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { labelsBatchSchema, labelsResultSchema } from "#lib/contracts/models";
import { ingestLabels } from "#app/services/predictions.server";

const operations = {
  POST: operation({
    summary: "Record or replace labels of predictions (≤ 10,000 / 5 MB)",
    scope: "ingest",
    body: labelsBatchSchema,
    batch: "labels",
    response: labelsResultSchema,
    handler: ({ ctx, body }) => ingestLabels(ctx.db, body, ctx.now()),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
