import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { withDeadline } from "#db/deadline";
import { pingDatabase } from "#db/queries/health";
import { healthSchema } from "#lib/contracts/errors";

const HEALTH_DEADLINE_MS = 2_000;

const operations = {
  GET: operation({
    summary: "Liveness and database check: 503 with Retry-After when the database does not answer within 2 s",
    scope: null,
    response: healthSchema,
    handler: async ({ ctx }) => {
      // A health check that hangs is no health check: a load balancer needs its answer quickly.
      await withDeadline(HEALTH_DEADLINE_MS, () => pingDatabase(ctx.db));
      return { status: "ok" as const, database: ctx.db.driver, time: ctx.now().toISOString() };
    },
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
