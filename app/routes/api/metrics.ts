import { z } from "zod";
import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { metricCreateSchema, metricSchema } from "#lib/contracts/metrics";
import { createMetric, listMetrics } from "#app/services/metrics.server";

const operations = {
  GET: operation({
    summary: "List metric definitions",
    scope: "admin",
    response: z.object({ metrics: z.array(metricSchema) }),
    handler: async ({ ctx }) => ({ metrics: await listMetrics(ctx.db) }),
  }),
  POST: operation({
    summary: "Define a metric",
    scope: "admin",
    body: metricCreateSchema,
    response: metricSchema,
    status: 201,
    errors: ["CONFLICT"],
    handler: ({ ctx, body }) => createMetric(ctx.db, body),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
