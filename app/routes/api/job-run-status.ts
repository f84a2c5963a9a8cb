import { z } from "zod";
import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { jobRunSchema } from "#lib/contracts/jobs";
import { jobRun } from "#app/services/jobs.server";

const params = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).meta({ description: "Run id" }),
});

const operations = {
  GET: operation({
    summary: "One job run: status, timings, rows scanned, failures",
    scope: "admin",
    params,
    response: jobRunSchema,
    errors: ["NOT_FOUND"],
    handler: ({ ctx, params }) => jobRun(ctx.db, params.id),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
