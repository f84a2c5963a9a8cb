import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { pingDatabase } from "#db/queries/health";
import { healthSchema } from "#lib/contracts/errors";

const operations = {
  GET: operation({
    summary: "Liveness and database check",
    scope: null,
    response: healthSchema,
    handler: async ({ ctx }) => {
      await pingDatabase(ctx.db);
      return { status: "ok" as const, database: ctx.db.driver, time: ctx.now().toISOString() };
    },
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
