import { z } from "zod";
import { operation, type Operations } from "#app/api/operation";
import { modelKeyParams } from "#app/api/params";
import { apiRoute } from "#app/api/route.server";
import { performanceQuerySchema, performanceSnapshotSchema } from "#lib/contracts/models";
import { listPerformance } from "#app/services/model-monitoring.server";

const operations = {
  GET: operation({
    summary: "Performance metrics per version and daily window (from the model-performance job)",
    scope: "admin",
    params: modelKeyParams,
    query: performanceQuerySchema,
    response: z.object({ performance: z.array(performanceSnapshotSchema) }),
    errors: ["NOT_FOUND"],
    handler: async ({ ctx, params, query }) => ({
      performance: await listPerformance(ctx.db, params.key, query),
    }),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
