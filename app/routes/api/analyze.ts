import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { analyzeRequestSchema, analyzeResponseSchema } from "#lib/contracts/analyze";
import { analyze } from "#app/services/analyze";

const operations = {
  // Stateless: any valid key may ask (an ingest key is enough), nothing is stored.
  POST: operation({
    summary:
      "Statistics from sufficient statistics computed elsewhere (e.g. in a warehouse); nothing is stored",
    scope: "ingest",
    body: analyzeRequestSchema,
    response: analyzeResponseSchema,
    handler: async ({ body }) => analyze(body),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
