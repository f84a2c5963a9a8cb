import { z } from "zod";
import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { experimentCreateSchema, experimentSchema } from "#lib/contracts/experiments";
import { createExperiment, listExperiments } from "#app/services/experiments.server";

const listQuery = z.strictObject({
  status: z
    .enum(["draft", "running", "stopped"])
    .optional()
    .meta({ description: "Only experiments in this status" }),
});

const operations = {
  GET: operation({
    summary: "List experiments",
    scope: "admin",
    query: listQuery,
    response: z.object({ experiments: z.array(experimentSchema) }),
    handler: async ({ ctx, query }) => ({ experiments: await listExperiments(ctx.db, query.status) }),
  }),
  POST: operation({
    summary: "Create an experiment (as a draft)",
    scope: "admin",
    body: experimentCreateSchema,
    response: experimentSchema,
    status: 201,
    errors: ["CONFLICT"],
    handler: ({ ctx, body }) => createExperiment(ctx.db, body, ctx.now()),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
