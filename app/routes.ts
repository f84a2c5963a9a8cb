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
    route("assign", "routes/api/assign.ts"),
    route("assignments", "routes/api/assignments.ts"),
    route("events", "routes/api/events.ts"),
    route("*", "routes/api/not-found.ts"),
  ]),
] satisfies RouteConfig;
