import { z } from "zod";
import { errorSchema } from "#lib/contracts/errors";
import { type ErrorCode, HTTP_STATUS_BY_CODE } from "#lib/errors";
import { type AnyOperation, errorCodesOf } from "./operation";
import { openApiPath } from "./paths";
import { type ApiRoute, loadApiRoutes } from "./registry.server";

type JsonSchema = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid request: every invalid field is listed in details",
  401: "Missing, unknown or revoked API key",
  403: "The key's scope does not allow this",
  404: "Not found",
  409: "Conflicts with the resource's state",
  413: "Body over 5 MB or batch over 10,000 items",
  415: "Content-Type is not application/json",
};

/**
 * JSON Schema of a zod schema, with named schemas (`.meta({ id })`) moved to components so
 * `$ref`s resolve against the OpenAPI document.
 */
function schemaOf(schema: z.ZodType, io: "input" | "output", components: JsonSchema): JsonSchema {
  // Request and response shapes of one schema differ (defaults, transforms): name them apart.
  const name = (id: string) => (io === "input" ? `${id}Input` : id);
  const raw = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  delete raw.$schema;
  const defs = (raw.$defs ?? {}) as JsonSchema;
  delete raw.$defs;
  const relink = (value: unknown) =>
    JSON.parse(
      JSON.stringify(value).replace(
        /"#\/\$defs\/([^"]+)"/g,
        (_, id: string) => `"#/components/schemas/${name(id)}"`,
      ),
    ) as JsonSchema;
  for (const [id, def] of Object.entries(defs)) components[name(id)] = relink(def);
  return relink(raw);
}

/** One OpenAPI parameter per property of the operation's path and query schemas. */
function parametersOf(path: string, op: AnyOperation, components: JsonSchema) {
  const named = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const parameters: JsonSchema[] = [];
  for (const [where, schema] of [
    ["path", op.params],
    ["query", op.query],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, "input", components);
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, property] of Object.entries((json.properties ?? {}) as Record<string, JsonSchema>)) {
      const { description, ...rest } = property;
      parameters.push({
        name,
        in: where,
        required: where === "path" || required.has(name),
        ...(description ? { description } : {}),
        // An object in the query is sent as name[key]=value (the dispatcher reads it so).
        ...(rest.type === "object" ? { style: "deepObject", explode: true } : {}),
        schema: rest,
      });
    }
  }
  const declared = parameters.filter((p) => p.in === "path").map((p) => p.name);
  if (named.join() !== declared.join()) {
    throw new Error(`${path}: the params schema declares [${declared}], the path has [${named}]`);
  }
  return parameters;
}

function responsesOf(op: AnyOperation, components: JsonSchema) {
  const responses: JsonSchema = {
    [String(op.status ?? 200)]: {
      description: "Success",
      content: { "application/json": { schema: schemaOf(op.response, "output", components) } },
    },
  };
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(op)) {
    const status = HTTP_STATUS_BY_CODE[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of byStatus) {
    responses[String(status)] = {
      description: `${STATUS_TEXT[status] ?? "Error"} (${codes.join(", ")})`,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  return responses;
}

/** The document of the given routes (exported for its tests; the server builds it once below). */
export function buildDocument(routes: ApiRoute[]) {
  const paths: Record<string, JsonSchema> = {};
  const components: JsonSchema = {};
  for (const route of routes) {
    const item: JsonSchema = {};
    for (const [method, op] of Object.entries(route.operations)) {
      const parameters = parametersOf(route.path, op, components);
      item[method.toLowerCase()] = {
        summary: op.summary,
        ...(op.scope ? { security: [{ bearer: [] }], "x-required-scope": op.scope } : { security: [] }),
        ...(parameters.length ? { parameters } : {}),
        ...(op.body
          ? {
              requestBody: {
                required: !op.bodyOptional,
                content: { "application/json": { schema: schemaOf(op.body, "input", components) } },
              },
            }
          : {}),
        responses: responsesOf(op, components),
      };
    }
    paths[openApiPath(route.path)] = item;
  }
  // Registers the Error schema that every error response refers to.
  schemaOf(errorSchema, "output", components);
  return {
    openapi: "3.1.0" as const,
    info: {
      title: "Northstar API",
      version: "1",
      description:
        "Experiments, assignments, events and model monitoring. Authenticate with `Authorization: Bearer <key>`; " +
        "scopes: `ingest` (write data) and `admin` (everything). Errors: `{ error: { code, message, details? } }`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: components,
    },
  };
}

let document: ReturnType<typeof buildDocument> | undefined;

/** The OpenAPI 3.1 document of every routed operation, built once from their declarations. */
export function openApiDocument() {
  document ??= buildDocument(loadApiRoutes());
  return document;
}
