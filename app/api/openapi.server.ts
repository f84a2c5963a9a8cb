import { z } from "zod";
import { analyzeRequestSchema, analyzeResponseSchema } from "#lib/contracts/analyze";
import { errorSchema, healthSchema } from "#lib/contracts/errors";
import { experimentCreateSchema, experimentPatchSchema, experimentSchema } from "#lib/contracts/experiments";
import {
  assignmentResponseSchema,
  assignmentsBatchSchema,
  assignmentsResultSchema,
  eventsBatchSchema,
  ingestResultSchema,
} from "#lib/contracts/ingest";
import { modelOperations } from "./openapi-models";
import { jobRunRequestSchema, jobRunSchema, jobsListSchema } from "#lib/contracts/jobs";
import { metricCreateSchema, metricSchema } from "#lib/contracts/metrics";
import { resultsHistorySchema, resultsSchema } from "#lib/contracts/results";

type Scope = "admin" | "ingest" | null;

export interface Operation {
  method: "get" | "post" | "patch" | "put" | "delete";
  path: string;
  summary: string;
  scope: Scope;
  request?: z.ZodType;
  query?: Array<{ name: string; description: string; required?: boolean }>;
  pathParams?: Array<{ name: string; description: string }>;
  response: z.ZodType;
  status?: number;
  errors: number[];
}

const experimentParam = [{ name: "key", description: "Experiment key" }];

/**
 * Every public operation. Request bodies are the same zod schemas the routes validate with, so
 * the document cannot drift from what the server accepts.
 */
export const operations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/health",
    summary: "Liveness and database check",
    scope: null,
    response: healthSchema,
    errors: [],
  },
  {
    method: "get",
    path: "/api/v1/metrics",
    summary: "List metric definitions",
    scope: "admin",
    response: z.object({ metrics: z.array(metricSchema) }),
    errors: [401, 403],
  },
  {
    method: "post",
    path: "/api/v1/metrics",
    summary: "Define a metric",
    scope: "admin",
    request: metricCreateSchema,
    response: metricSchema,
    status: 201,
    errors: [400, 401, 403, 409, 413, 415],
  },
  {
    method: "get",
    path: "/api/v1/experiments",
    summary: "List experiments",
    scope: "admin",
    query: [{ name: "status", description: "draft | running | stopped" }],
    response: z.object({ experiments: z.array(experimentSchema) }),
    errors: [400, 401, 403],
  },
  {
    method: "post",
    path: "/api/v1/experiments",
    summary: "Create an experiment (as a draft)",
    scope: "admin",
    request: experimentCreateSchema,
    response: experimentSchema,
    status: 201,
    errors: [400, 401, 403, 409, 413, 415],
  },
  {
    method: "get",
    path: "/api/v1/experiments/{key}",
    summary: "Get an experiment",
    scope: "admin",
    response: experimentSchema,
    errors: [401, 403, 404],
  },
  {
    method: "patch",
    path: "/api/v1/experiments/{key}",
    summary: "Change an experiment (arms only while a draft)",
    scope: "admin",
    request: experimentPatchSchema,
    response: experimentSchema,
    errors: [400, 401, 403, 404, 409, 413, 415],
  },
  {
    method: "post",
    path: "/api/v1/experiments/{key}/start",
    summary: "Start a draft experiment",
    scope: "admin",
    response: experimentSchema,
    errors: [401, 403, 404, 409],
  },
  {
    method: "post",
    path: "/api/v1/experiments/{key}/stop",
    summary: "Stop a running experiment",
    scope: "admin",
    response: experimentSchema,
    errors: [401, 403, 404, 409],
  },
  {
    method: "get",
    path: "/api/v1/experiments/{key}/results",
    summary:
      "Latest results snapshot: per metric and variant, lift, interval, p-value or chance to win; SRM; data quality",
    scope: "admin",
    response: resultsSchema,
    errors: [401, 403, 404],
  },
  {
    method: "get",
    path: "/api/v1/experiments/{key}/results/history",
    summary: "Every snapshot, oldest first (one per day plus the latest): the cumulative-lift series",
    scope: "admin",
    response: resultsHistorySchema,
    errors: [401, 403, 404],
  },
  {
    method: "post",
    path: "/api/v1/analyze",
    summary:
      "Statistics from sufficient statistics computed elsewhere (e.g. in a warehouse); nothing is stored",
    scope: "ingest",
    request: analyzeRequestSchema,
    response: analyzeResponseSchema,
    errors: [400, 401, 413, 415],
  },
  {
    method: "get",
    path: "/api/v1/jobs",
    summary: "Scheduled jobs with their schedules and recent runs",
    scope: "admin",
    response: jobsListSchema,
    errors: [401, 403],
  },
  {
    method: "post",
    path: "/api/v1/jobs/{name}/run",
    summary: "Queue a run now (optionally for one experiment or model); poll the returned run",
    scope: "admin",
    pathParams: [{ name: "name", description: "experiment-results, model-drift or model-performance" }],
    request: jobRunRequestSchema,
    response: jobRunSchema,
    status: 202,
    errors: [400, 401, 403, 404, 415],
  },
  {
    method: "get",
    path: "/api/v1/jobs/runs/{id}",
    summary: "One job run: status, timings, rows scanned, failures",
    scope: "admin",
    pathParams: [{ name: "id", description: "Run id" }],
    response: jobRunSchema,
    errors: [400, 401, 403, 404],
  },
  {
    method: "get",
    path: "/api/v1/assign",
    summary: "Assign a unit deterministically and record it",
    scope: "ingest",
    query: [
      { name: "experiment", description: "Experiment key", required: true },
      { name: "unit", description: "Unit id", required: true },
    ],
    response: assignmentResponseSchema,
    errors: [400, 401, 404, 409],
  },
  {
    method: "post",
    path: "/api/v1/assignments",
    summary: "Record assignments made by the client (≤ 10,000 / 5 MB)",
    scope: "ingest",
    request: assignmentsBatchSchema,
    response: assignmentsResultSchema,
    errors: [400, 401, 409, 413, 415],
  },
  {
    method: "post",
    path: "/api/v1/events",
    summary: "Record outcome events, idempotent on id (≤ 10,000 / 5 MB)",
    scope: "ingest",
    request: eventsBatchSchema,
    response: ingestResultSchema,
    errors: [400, 401, 413, 415],
  },
];

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
function schemaOf(schema: z.ZodType, io: "input" | "output", components: Record<string, unknown>) {
  // Request and response shapes of one schema differ (defaults, transforms): name them apart.
  const name = (id: string) => (io === "input" ? `${id}Input` : id);
  const raw = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<
    string,
    unknown
  >;
  delete raw.$schema;
  const defs = (raw.$defs ?? {}) as Record<string, unknown>;
  delete raw.$defs;
  const relink = (value: unknown) =>
    JSON.parse(
      JSON.stringify(value).replace(
        /"#\/\$defs\/([^"]+)"/g,
        (_, id: string) => `"#/components/schemas/${name(id)}"`,
      ),
    ) as Record<string, unknown>;
  for (const [id, def] of Object.entries(defs)) components[name(id)] = relink(def);
  return relink(raw);
}

/** The OpenAPI 3.1 document for the operations above. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  const components: Record<string, unknown> = {};
  for (const op of [...operations, ...modelOperations]) {
    const params = [
      ...(op.pathParams ?? (op.path.includes("{key}") ? experimentParam : [])).map((p) => ({
        ...p,
        required: true,
        in: "path",
        schema: { type: "string" },
      })),
      ...(op.query ?? []).map((q) => ({
        ...q,
        in: "query",
        required: q.required ?? false,
        schema: { type: "string" },
      })),
    ];
    const responses: Record<string, unknown> = {
      [String(op.status ?? 200)]: {
        description: "Success",
        content: { "application/json": { schema: schemaOf(op.response, "output", components) } },
      },
    };
    for (const status of op.errors) {
      responses[String(status)] = {
        description: STATUS_TEXT[status] ?? "Error",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    paths[op.path] ??= {};
    (paths[op.path] as Record<string, unknown>)[op.method] = {
      summary: op.summary,
      ...(op.scope ? { security: [{ bearer: [] }], "x-required-scope": op.scope } : { security: [] }),
      ...(params.length ? { parameters: params } : {}),
      ...(op.request
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: schemaOf(op.request, "input", components) } },
            },
          }
        : {}),
      responses,
    };
  }
  // Registers the Error schema that every error response refers to.
  schemaOf(errorSchema, "output", components);
  return {
    openapi: "3.1.0",
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
