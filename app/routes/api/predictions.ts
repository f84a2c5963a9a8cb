import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { ingestResultSchema } from "#lib/contracts/ingest";
import { predictionsBatchSchema } from "#lib/contracts/models";
import { ingestPredictions } from "#app/services/predictions.server";

const operations = {
  POST: operation({
    summary: "Record predictions, idempotent on id (≤ 10,000 / 5 MB)",
    scope: "ingest",
    body: predictionsBatchSchema,
    batch: "predictions",
    response: ingestResultSchema,
    handler: ({ ctx, body }) => ingestPredictions(ctx.db, body, ctx.now()),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
