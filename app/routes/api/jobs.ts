import { operation, type Operations } from "#app/api/operation";
import { dispatch } from "#app/api/route.server";
import { jobsListSchema } from "#lib/contracts/jobs";
import { listJobs } from "#app/services/jobs.server";
import type { Route } from "./+types/jobs";

export const operations = {
  GET: operation({
    summary: "Scheduled jobs with their schedules and recent runs",
    scope: "admin",
    response: jobsListSchema,
    handler: ({ ctx }) => listJobs(ctx.db, ctx.jobs),
  }),
} satisfies Operations;

export const loader = (args: Route.LoaderArgs) => dispatch(operations, args);
export const action = (args: Route.ActionArgs) => dispatch(operations, args);
