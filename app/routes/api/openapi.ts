import { openApiDocument, openApiDocumentSchema } from "#app/api/openapi.server";
import { operation, type Operations } from "#app/api/operation";
import { dispatch } from "#app/api/route.server";
import type { Route } from "./+types/openapi";

export const operations = {
  GET: operation({
    summary: "This OpenAPI 3.1 document",
    scope: null,
    response: openApiDocumentSchema,
    handler: () => openApiDocument(),
  }),
} satisfies Operations;

export const loader = (args: Route.LoaderArgs) => dispatch(operations, args);
export const action = (args: Route.ActionArgs) => dispatch(operations, args);
