import { z } from "zod";
import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { validate } from "#app/api/validate";
import { jobRun } from "#app/services/jobs.server";
import type { Route } from "./+types/job-run-status";

const params = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const spec: RouteSpec = {
  GET: {
    scope: "admin",
    handler: async ({ params: raw, ctx }) => json(await jobRun(ctx.db, validate(params, raw, "path").id)),
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
