import { operation, type Operations } from "#app/api/operation";
import { dispatch } from "#app/api/route.server";
import { labelsBatchSchema, labelsResultSchema } from "#lib/contracts/models";
import { ingestLabels } from "#app/services/predictions.server";
import type { Route } from "./+types/labels";

export const operations = {
  POST: operation({
    summary: "Record or replace labels of predictions (≤ 10,000 / 5 MB)",
    scope: "ingest",
    body: labelsBatchSchema,
    batch: "labels",
    response: labelsResultSchema,
    handler: ({ ctx, body }) => ingestLabels(ctx.db, body, ctx.now()),
  }),
} satisfies Operations;

export const loader = (args: Route.LoaderArgs) => dispatch(operations, args);
export const action = (args: Route.ActionArgs) => dispatch(operations, args);
