import { z } from "zod";
import { operation, type Operations } from "#app/api/operation";
import { dispatch } from "#app/api/route.server";
import { jobRunRequestSchema, jobRunSchema } from "#lib/contracts/jobs";
import { triggerJob } from "#app/services/jobs.server";
import type { Route } from "./+types/job-run";

const params = z.object({
  name: z.string().meta({ description: "experiment-results, model-drift or model-performance" }),
});

export const operations = {
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

export const loader = (args: Route.LoaderArgs) => dispatch(operations, args);
export const action = (args: Route.ActionArgs) => dispatch(operations, args);
