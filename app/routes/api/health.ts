import { sql } from "drizzle-orm";
import { operation, type Operations } from "#app/api/operation";
import { dispatch } from "#app/api/route.server";
import { healthSchema } from "#lib/contracts/errors";
import type { Route } from "./+types/health";

export const operations = {
  GET: operation({
    summary: "Liveness and database check",
    scope: null,
    response: healthSchema,
    handler: async ({ ctx }) => {
      await ctx.db.rows(sql`select 1 as ok`);
      return { status: "ok" as const, database: ctx.db.driver, time: ctx.now().toISOString() };
    },
  }),
} satisfies Operations;

export const loader = (args: Route.LoaderArgs) => dispatch(operations, args);
export const action = (args: Route.ActionArgs) => dispatch(operations, args);
