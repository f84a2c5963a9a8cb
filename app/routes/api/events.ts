import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { eventsBatchSchema, ingestResultSchema } from "#lib/contracts/ingest";
import { ingestEvents } from "#app/services/events.server";

const operations = {
  POST: operation({
    summary: "Record outcome events, idempotent on id (≤ 10,000 / 5 MB)",
    scope: "ingest",
    body: eventsBatchSchema,
    batch: "events",
    response: ingestResultSchema,
    handler: ({ ctx, body }) => ingestEvents(ctx.db, body),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
