import { operation, type Operations } from "#app/api/operation";
import { modelKeyParams } from "#app/api/params";
import { apiRoute } from "#app/api/route.server";
import { driftConfigSchema, modelSchema } from "#lib/contracts/models";
import { setDriftConfig } from "#app/services/model-settings.server";

const operations = {
  PUT: operation({
    summary:
      "Replace a model's drift settings (model-wide method and thresholds, per-feature overrides); {} restores the defaults. The next model-drift run recomputes every window.",
    scope: "admin",
    params: modelKeyParams,
    body: driftConfigSchema,
    response: modelSchema,
    errors: ["NOT_FOUND"],
    handler: ({ ctx, params, body }) => setDriftConfig(ctx.db, params.key, body),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
