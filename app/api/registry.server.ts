import type { Operations } from "./operation";
import { apiRoutes } from "./paths";

export interface ApiRoute {
  /** The path under /api/v1, as app/routes.ts routes it (`experiments/:key`). */
  path: string;
  /** The route module's name under app/routes/api/. */
  module: string;
  operations: Operations;
}

// Loaded on first use: the OpenAPI route is itself one of these modules.
const routeModules = import.meta.glob<{ operations?: Operations }>("/app/routes/api/*.ts");

/** Every routed API operation, from the route modules that declare them. */
export function loadApiRoutes(): Promise<ApiRoute[]> {
  return Promise.all(
    apiRoutes.map(async ({ path, module }) => {
      const load = routeModules[`/app/routes/api/${module}.ts`];
      if (!load) throw new Error(`app/routes/api/${module}.ts is routed but does not exist`);
      const { operations } = await load();
      if (!operations) throw new Error(`app/routes/api/${module}.ts declares no operations`);
      return { path, module, operations };
    }),
  );
}
