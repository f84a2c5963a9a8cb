import { readJsonBody } from "#app/api/body.server";
import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { jobRunRequestSchema } from "#lib/contracts/jobs";
import { validate } from "#app/api/validate";
import { triggerJob } from "#app/services/jobs.server";
import type { Route } from "./+types/job-run";

const spec: RouteSpec = {
  POST: {
    scope: "admin",
    handler: async ({ request, params, ctx }) => {
      // The body is optional: no body refreshes everything.
      const hasBody = request.headers.get("content-length") !== "0" && request.body !== null;
      const target = validate(jobRunRequestSchema, hasBody ? await readJsonBody(request) : {});
      return json(await triggerJob(ctx.db, ctx.jobs, params.name ?? "", target), 202);
    },
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
