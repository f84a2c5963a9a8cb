import { z } from "zod";
import type { Operation } from "./openapi.server";
import { ingestResultSchema } from "#lib/contracts/ingest";
import {
  driftSnapshotSchema,
  labelsBatchSchema,
  labelsResultSchema,
  modelCreateSchema,
  modelDetailSchema,
  modelSchema,
  modelVersionSchema,
  performanceSnapshotSchema,
  predictionsBatchSchema,
  referenceWindowInputSchema,
} from "#lib/contracts/models";

const modelParam = [{ name: "key", description: "Model key" }];
const versionParams = [...modelParam, { name: "version", description: "Model version" }];
const monitoringQuery = [
  { name: "version", description: "Only this version" },
  { name: "from", description: "Windows starting at or after this ISO-8601 time" },
  { name: "to", description: "Windows starting before this ISO-8601 time" },
];

/** The model-monitoring operations, for openApiDocument's list. */
export const modelOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/models",
    summary: "List models",
    scope: "admin",
    response: z.object({ models: z.array(modelSchema) }),
    errors: [401, 403],
  },
  {
    method: "post",
    path: "/api/v1/models",
    summary: "Register a model (versions appear with their first predictions)",
    scope: "admin",
    request: modelCreateSchema,
    response: modelSchema,
    status: 201,
    errors: [400, 401, 403, 409, 413, 415],
  },
  {
    method: "get",
    path: "/api/v1/models/{key}",
    summary: "Get a model with its versions, reference windows and prediction counts",
    scope: "admin",
    pathParams: modelParam,
    response: modelDetailSchema,
    errors: [401, 403, 404],
  },
  {
    method: "put",
    path: "/api/v1/models/{key}/versions/{version}/reference",
    summary: "Set a version's drift reference window (default: its first 7 days of predictions)",
    scope: "admin",
    pathParams: versionParams,
    request: referenceWindowInputSchema,
    response: modelVersionSchema,
    errors: [400, 401, 403, 404, 413, 415],
  },
  {
    method: "get",
    path: "/api/v1/models/{key}/drift",
    summary: "Drift per version, daily window, feature, score and label (from the model-drift job)",
    scope: "admin",
    pathParams: modelParam,
    query: monitoringQuery,
    response: z.object({ drift: z.array(driftSnapshotSchema) }),
    errors: [400, 401, 403, 404],
  },
  {
    method: "get",
    path: "/api/v1/models/{key}/performance",
    summary: "Performance metrics per version and daily window (from the model-performance job)",
    scope: "admin",
    pathParams: modelParam,
    query: monitoringQuery,
    response: z.object({ performance: z.array(performanceSnapshotSchema) }),
    errors: [400, 401, 403, 404],
  },
  {
    method: "post",
    path: "/api/v1/predictions",
    summary: "Record predictions, idempotent on id (≤ 10,000 / 5 MB)",
    scope: "ingest",
    request: predictionsBatchSchema,
    response: ingestResultSchema,
    errors: [400, 401, 413, 415],
  },
  {
    method: "post",
    path: "/api/v1/labels",
    summary: "Record or replace labels of predictions (≤ 10,000 / 5 MB)",
    scope: "ingest",
    request: labelsBatchSchema,
    response: labelsResultSchema,
    errors: [400, 401, 413, 415],
  },
];
