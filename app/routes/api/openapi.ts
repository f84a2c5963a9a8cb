import { z } from "zod";
import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";

/** The document's own shape, as far as a client relies on it. */
const openApiDocumentSchema = z
  .looseObject({
    openapi: z.literal("3.1.0"),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
    components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
  })
  .meta({ id: "OpenApiDocument", description: "An OpenAPI 3.1 document" });

const operations = {
  GET: operation({
    summary: "This OpenAPI 3.1 document",
    scope: null,
    response: openApiDocumentSchema,
    // Imported on first use: the document reads every route module, this one included.
    handler: async () => (await import("#app/api/openapi.server")).openApiDocument(),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
