/**
 * Every `/api/v1` route: its path and the module under `app/routes/api/` that declares its
 * operations. `app/routes.ts` routes these and the OpenAPI document describes them, so a route
 * cannot be served without being documented.
 */
export const API_PREFIX = "api/v1";

export const apiRoutes = [
  { path: "health", module: "health" },
  { path: "openapi.json", module: "openapi" },
  { path: "metrics", module: "metrics" },
  { path: "experiments", module: "experiments" },
  { path: "experiments/:key", module: "experiment" },
  { path: "experiments/:key/start", module: "experiment-start" },
  { path: "experiments/:key/stop", module: "experiment-stop" },
  { path: "experiments/:key/results", module: "experiment-results" },
  { path: "experiments/:key/results/history", module: "experiment-results-history" },
  { path: "assign", module: "assign" },
  { path: "assignments", module: "assignments" },
  { path: "events", module: "events" },
  { path: "analyze", module: "analyze" },
  { path: "jobs", module: "jobs" },
  { path: "jobs/runs/:id", module: "job-run-status" },
  { path: "jobs/:name/run", module: "job-run" },
  { path: "models", module: "models" },
  { path: "models/:key", module: "models-detail" },
  { path: "models/:key/versions/:version/reference", module: "models-reference" },
  { path: "models/:key/drift", module: "models-drift" },
  { path: "models/:key/drift-config", module: "models-drift-config" },
  { path: "models/:key/performance", module: "models-performance" },
  { path: "predictions", module: "predictions" },
  { path: "labels", module: "labels" },
  { path: "alert-rules", module: "alert-rules" },
  { path: "alert-rules/:id", module: "alert-rule" },
  { path: "alerts", module: "alerts" },
  { path: "alerts/history", module: "alerts-history" },
  { path: "webhooks", module: "webhooks" },
  { path: "webhooks/:id", module: "webhook" },
  { path: "webhooks/:id/test", module: "webhook-test" },
  { path: "webhooks/:id/deliveries", module: "webhook-deliveries" },
  { path: "webhooks/:id/deliveries/:messageId/redeliver", module: "webhook-redeliver" },
] as const;

/** `experiments/:key` → `/api/v1/experiments/{key}`, as OpenAPI writes paths. */
export const openApiPath = (path: string) => `/${API_PREFIX}/${path.replace(/:(\w+)/g, "{$1}")}`;
