import { z } from "zod";
import { operation, type Operations } from "#app/api/operation";
import { dispatch } from "#app/api/route.server";
import { jobRunSchema } from "#lib/contracts/jobs";
import { jobRun } from "#app/services/jobs.server";
import type { Route } from "./+types/job-run-status";

const params = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).meta({ description: "Run id" }),
});

export const operations = {
  GET: operation({
    summary: "One job run: status, timings, rows scanned, failures",
    scope: "admin",
    params,
    response: jobRunSchema,
    errors: ["NOT_FOUND"],
    handler: ({ ctx, params }) => jobRun(ctx.db, params.id),
  }),
} satisfies Operations;

export const loader = (args: Route.LoaderArgs) => dispatch(operations, args);
export const action = (args: Route.ActionArgs) => dispatch(operations, args);
