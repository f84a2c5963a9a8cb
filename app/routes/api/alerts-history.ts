import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { alertHistoryQuerySchema, alertHistorySchema } from "#lib/contracts/alerts";
import { alertHistory } from "#app/services/alerts.server";

const operations = {
  GET: operation({
    summary: "Alert transitions (pending, firing, repeats, resolved), newest first",
    scope: "admin",
    query: alertHistoryQuerySchema,
    response: alertHistorySchema,
    handler: async ({ ctx, query }) => ({
      transitions: await alertHistory(ctx.db, {
        ruleId: query.rule !== undefined ? Number(query.rule) : undefined,
        limit: query.limit !== undefined ? Number(query.limit) : undefined,
      }),
    }),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
