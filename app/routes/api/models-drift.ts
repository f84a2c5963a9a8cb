import { z } from "zod";
import { operation, type Operations } from "#app/api/operation";
import { modelKeyParams } from "#app/api/params";
import { apiRoute } from "#app/api/route.server";
import { driftSnapshotSchema, driftQuerySchema } from "#lib/contracts/models";
import { listDrift } from "#app/services/model-monitoring.server";

const operations = {
  GET: operation({
    summary: "Drift per version, daily window, feature, score and label (from the model-drift job)",
    scope: "admin",
    params: modelKeyParams,
    query: driftQuerySchema,
    response: z.object({ drift: z.array(driftSnapshotSchema) }),
    errors: ["NOT_FOUND"],
    handler: async ({ ctx, params, query }) => ({ drift: await listDrift(ctx.db, params.key, query) }),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
