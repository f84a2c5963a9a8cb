import type { Operations } from "./operation";
import { apiRoutes } from "./paths";

export interface ApiRoute {
  /** The path under /api/v1, as app/routes.ts routes it (`experiments/:key`). */
  path: string;
  /** The route module's name under app/routes/api/. */
  module: string;
  operations: Operations;
}

// Read on first use, not at import: the OpenAPI route is itself one of these modules.
const routeModules = import.meta.glob<{ loader?: { operations?: Operations } }>("/app/routes/api/*.ts", {
  eager: true,
});

/** Every routed API operation, from the route modules that declare them. */
export function loadApiRoutes(): ApiRoute[] {
  return apiRoutes.map(({ path, module }) => {
    const routeModule = routeModules[`/app/routes/api/${module}.ts`];
    if (!routeModule) throw new Error(`app/routes/api/${module}.ts is routed but does not exist`);
    const operations = routeModule.loader?.operations;
    if (!operations) throw new Error(`app/routes/api/${module}.ts declares no operations`);
    return { path, module, operations };
  });
}
