import { z } from "zod";
import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { modelCreateSchema, modelSchema } from "#lib/contracts/models";
import { createModel, listModels } from "#app/services/models.server";

const operations = {
  GET: operation({
    summary: "List models",
    scope: "admin",
    response: z.object({ models: z.array(modelSchema) }),
    handler: async ({ ctx }) => ({ models: await listModels(ctx.db) }),
  }),
  POST: operation({
    summary: "Register a model (versions appear with their first predictions)",
    scope: "admin",
    body: modelCreateSchema,
    response: modelSchema,
    status: 201,
    errors: ["CONFLICT"],
    handler: ({ ctx, body }) => createModel(ctx.db, body, ctx.now()),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
