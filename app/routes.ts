import { type RouteConfig, index, layout, prefix, route } from "@react-router/dev/routes";
import { API_PREFIX, apiRoutes } from "#app/api/paths";

export default [
  // Outside the dashboard's frame: reachable signed out (app/auth/permissions.ts says who may do what).
  route("login", "routes/login.tsx"),
  route("login/link", "routes/login-link.tsx"),
  route("logout", "routes/logout.ts"),
  layout("routes/dashboard-layout.tsx", [
    index("routes/overview.tsx"),
    route("experiments", "routes/experiments.tsx"),
    route("experiments/new", "routes/experiment-new.tsx"),
    route("experiments/power", "routes/experiment-power.tsx"),
    route("experiments/:key", "routes/experiment.tsx"),
    route("experiments/:key/export/:format", "routes/experiment-export.ts"),
    route("metrics", "routes/metrics.tsx"),
    route("models", "routes/models.tsx"),
    route("models/:key", "routes/model.tsx"),
    route("models/:key/versions/:version", "routes/model-version.tsx"),
    route("jobs", "routes/jobs.tsx"),
    route("alerts", "routes/alerts.tsx"),
    route("alerts/webhooks", "routes/alerts-webhooks.tsx"),
    route("alerts/inbox", "routes/alerts-inbox.tsx"),
    route("settings/users", "routes/settings-users.tsx"),
    route("settings/api-keys", "routes/settings-api-keys.tsx"),
  ]),
  // Outside the layout: a resource route the demo webhook POSTs to.
  route("alerts/inbox/receive", "routes/alerts-inbox-receive.ts"),
  ...prefix(API_PREFIX, [
    ...apiRoutes.map(({ path, module }) => route(path, `routes/api/${module}.ts`)),
    route("*", "routes/api/not-found.ts"),
  ]),
] satisfies RouteConfig;
