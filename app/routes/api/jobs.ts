import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { jobsListSchema } from "#lib/contracts/jobs";
import { listJobs } from "#app/services/jobs.server";

const operations = {
  GET: operation({
    summary: "Scheduled jobs with their schedules and recent runs",
    scope: "admin",
    response: jobsListSchema,
    handler: ({ ctx }) => listJobs(ctx.db, ctx.jobs),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
