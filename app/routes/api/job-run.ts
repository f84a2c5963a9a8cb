import { z } from "zod";
import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { jobRunRequestSchema, jobRunSchema } from "#lib/contracts/jobs";
import { triggerJob } from "#app/services/jobs.server";

const params = z.object({
  name: z.string().meta({ description: "experiment-results, model-drift or model-performance" }),
});

const operations = {
  POST: operation({
    summary: "Queue a run now (optionally for one experiment or model); poll the returned run",
    scope: "admin",
    params,
    // No body refreshes everything.
    body: jobRunRequestSchema,
    bodyOptional: true,
    response: jobRunSchema,
    status: 202,
    errors: ["NOT_FOUND"],
    handler: ({ ctx, params, body }) => triggerJob(ctx.db, ctx.jobs, params.name, body),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
