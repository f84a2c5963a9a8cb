/**
 * The pages as the production server serves them, for integration tests: React Router's own
 * request handler over the route modules of app/routes.ts and app/root.tsx, so a document request
 * and its `.data` request (single fetch) run through the same matching, loaders, actions and
 * redirects as `npm start`. Only the HTML render is left out (the entry returns an empty page):
 * these tests judge statuses, redirects and data, not markup.
 */
import { type ServerBuild, createRequestHandler } from "react-router";
import routes from "#app/routes";
import type { Config } from "@react-router/dev/config";

type ConfigEntry = { id?: string; path?: string; index?: boolean; file: string; children?: ConfigEntry[] };

// The app's own future flags (single-fetch URLs, request pass-through, middleware), as the build has them.
const [reactRouterConfig] = Object.values(
  import.meta.glob<Config>("/react-router.config.ts", { eager: true, import: "default" }),
);

const modules = import.meta.glob<Record<string, unknown>>(["../app/routes/*.{ts,tsx}", "../app/root.tsx"]);

/** Every page route of app/routes.ts (the API's `routes/api/*` left out), with its full path. */
export interface PageRoute {
  id: string;
  file: string;
  parentId: string;
  path: string;
  index: boolean;
}

function flatten(entries: ConfigEntry[], parentId: string, parentPath: string, out: PageRoute[]) {
  for (const e of entries) {
    const id = e.id ?? e.file.replace(/\.tsx?$/, "");
    const path = [parentPath, e.path ?? ""].filter(Boolean).join("/");
    out.push({ id, file: e.file, parentId, path, index: e.index ?? false });
    if (e.children) flatten(e.children, id, path, out);
  }
  return out;
}

export const allRoutes: PageRoute[] = flatten(routes as unknown as ConfigEntry[], "root", "", []);
export const pageRoutes = allRoutes.filter((r) => !r.file.startsWith("routes/api/"));

async function loadModule(file: string) {
  const load = modules[`../app/${file}`];
  if (!load) throw new Error(`route module app/${file} not found`);
  return load();
}

/** Route modules by id (root included), loaded once. */
export async function pageModules(): Promise<Map<string, Record<string, unknown>>> {
  const loaded = new Map<string, Record<string, unknown>>([["root", await loadModule("root.tsx")]]);
  for (const r of pageRoutes) loaded.set(r.id, await loadModule(r.file));
  return loaded;
}

/** A request handler like the server's, over the page routes. */
export async function pageHandler(): Promise<(request: Request) => Promise<Response>> {
  const loaded = await pageModules();
  const serverRoutes: ServerBuild["routes"] = {
    root: { id: "root", path: "", module: loaded.get("root") as never },
  };
  const assetRoutes: Record<string, unknown> = {};
  for (const r of [{ id: "root", parentId: undefined, path: "", index: false }, ...pageRoutes]) {
    const module = loaded.get(r.id) ?? {};
    serverRoutes[r.id] ??= {
      id: r.id,
      parentId: r.parentId,
      path: r.path.slice(pathOfParent(r.parentId).length).replace(/^\//, "") || undefined,
      index: r.index || undefined,
      module: module as never,
    };
    assetRoutes[r.id] = {
      id: r.id,
      parentId: r.parentId,
      path: serverRoutes[r.id]?.path,
      index: r.index || undefined,
      module: "",
      hasLoader: "loader" in module,
      hasAction: "action" in module,
      hasClientLoader: false,
      hasClientAction: false,
      hasClientMiddleware: false,
      hasErrorBoundary: "ErrorBoundary" in module,
    };
  }
  const build = {
    entry: {
      module: {
        default: (_request: Request, status: number, headers: Headers) =>
          new Response("<!doctype html>", { status, headers }),
        // Tests assert on the refusals they provoke; the server would log them.
        handleError: () => {},
      },
    },
    routes: serverRoutes,
    assets: { entry: { imports: [], module: "" }, routes: assetRoutes, url: "", version: "test" },
    publicPath: "/",
    assetsBuildDirectory: "",
    future: reactRouterConfig?.future,
    ssr: true,
    isSpaMode: false,
    prerender: [],
    routeDiscovery: { mode: "initial", manifestPath: "/__manifest" },
  } as unknown as ServerBuild;
  return createRequestHandler(build, "production");
}

function pathOfParent(parentId: string | undefined): string {
  return pageRoutes.find((r) => r.id === parentId)?.path ?? "";
}
