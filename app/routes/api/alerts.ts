import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { alertsListSchema, alertsQuerySchema } from "#lib/contracts/alerts";
import { listAlerts } from "#app/services/alerts.server";

const operations = {
  GET: operation({
    summary: "Alerts — one per rule and target instance — with their state (firing first)",
    scope: "admin",
    query: alertsQuerySchema,
    response: alertsListSchema,
    handler: async ({ ctx, query }) => ({
      alerts: await listAlerts(ctx.db, query.state ? [query.state] : undefined),
    }),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
