import { type RouteConfig, index, prefix, route } from "@react-router/dev/routes";
import { API_PREFIX, apiRoutes } from "#app/api/paths";

export default [
  index("routes/home.tsx"),
  ...prefix(API_PREFIX, [
    ...apiRoutes.map(({ path, module }) => route(path, `routes/api/${module}.ts`)),
    route("*", "routes/api/not-found.ts"),
  ]),
] satisfies RouteConfig;
