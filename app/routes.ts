import { type RouteConfig, index, prefix, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  ...prefix("api/v1", [
    route("health", "routes/api/health.ts"),
    route("openapi.json", "routes/api/openapi.ts"),
    route("metrics", "routes/api/metrics.ts"),
    route("experiments", "routes/api/experiments.ts"),
    route("experiments/:key", "routes/api/experiment.ts"),
    route("experiments/:key/start", "routes/api/experiment-start.ts"),
    route("experiments/:key/stop", "routes/api/experiment-stop.ts"),
    route("experiments/:key/results", "routes/api/experiment-results.ts"),
    route("experiments/:key/results/history", "routes/api/experiment-results-history.ts"),
    route("assign", "routes/api/assign.ts"),
    route("assignments", "routes/api/assignments.ts"),
    route("events", "routes/api/events.ts"),
    route("analyze", "routes/api/analyze.ts"),
    route("jobs", "routes/api/jobs.ts"),
    route("jobs/runs/:id", "routes/api/job-run-status.ts"),
    route("jobs/:name/run", "routes/api/job-run.ts"),
    route("*", "routes/api/not-found.ts"),
  ]),
] satisfies RouteConfig;
