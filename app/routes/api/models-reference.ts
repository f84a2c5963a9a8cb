import { z } from "zod";
import { operation, type Operations } from "#app/api/operation";
import { modelKeyParams } from "#app/api/params";
import { apiRoute } from "#app/api/route.server";
import { modelVersionSchema, referenceWindowInputSchema } from "#lib/contracts/models";
import { setReferenceWindow } from "#app/services/models.server";

const params = modelKeyParams.extend({ version: z.string().meta({ description: "Model version" }) });

const operations = {
  PUT: operation({
    summary: "Set a version's drift reference window (default: its first 7 days of predictions)",
    scope: "admin",
    params,
    body: referenceWindowInputSchema,
    response: modelVersionSchema,
    errors: ["NOT_FOUND"],
    handler: ({ ctx, params, body }) => setReferenceWindow(ctx.db, params.key, params.version, body),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
