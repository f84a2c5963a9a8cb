import { readJsonBody } from "#app/api/body.server";
import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { metricCreateSchema } from "#lib/contracts/metrics";
import { validate } from "#app/api/validate";
import { createMetric, listMetrics } from "#app/services/metrics.server";
import type { Route } from "./+types/metrics";

const spec: RouteSpec = {
  GET: { scope: "admin", handler: async ({ ctx }) => json({ metrics: await listMetrics(ctx.db) }) },
  POST: {
    scope: "admin",
    handler: async ({ request, ctx }) => {
      const input = validate(metricCreateSchema, await readJsonBody(request));
      return json(await createMetric(ctx.db, input), 201);
    },
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
