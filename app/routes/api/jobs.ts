import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { listJobs } from "#app/services/jobs.server";
import type { Route } from "./+types/jobs";

const spec: RouteSpec = {
  GET: { scope: "admin", handler: async ({ ctx }) => json(await listJobs(ctx.db, ctx.jobs)) },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
