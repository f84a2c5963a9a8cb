import { z } from "zod";
import { readJsonBody } from "#app/api/body.server";
import { dispatch, json, type RouteSpec } from "#app/api/route.server";
import { experimentCreateSchema } from "#lib/contracts/experiments";
import { validate } from "#app/api/validate";
import { createExperiment, listExperiments } from "#app/services/experiments.server";
import type { Route } from "./+types/experiments";

const listQuery = z.strictObject({ status: z.enum(["draft", "running", "stopped"]).optional() });

const spec: RouteSpec = {
  GET: {
    scope: "admin",
    handler: async ({ url, ctx }) => {
      const query = validate(listQuery, Object.fromEntries(url.searchParams), "query string");
      return json({ experiments: await listExperiments(ctx.db, query.status) });
    },
  },
  POST: {
    scope: "admin",
    handler: async ({ request, ctx }) => {
      const input = validate(experimentCreateSchema, await readJsonBody(request));
      return json(await createExperiment(ctx.db, input, ctx.now()), 201);
    },
  },
};

export const loader = (args: Route.LoaderArgs) => dispatch(spec, args);
export const action = (args: Route.ActionArgs) => dispatch(spec, args);
