/**
 * What the server front (scripts/serve.ts) answers itself for /api/v1, before React Router: a
 * request React Router cannot even represent — a path with broken percent-encoding, or a method
 * the Fetch API forbids (TRACE, TRACK) — would otherwise leave as an HTML error page.
 */
import { errorResponse } from "./route.server";
import { API_PREFIX, apiRoutes } from "./paths";
import { loadApiRoutes } from "./registry.server";
import { AppError } from "#lib/errors";

// What `new Request()` accepts and the dispatcher answers itself (405 with Allow where unsupported).
const DISPATCHABLE = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** A JSON error response for a request the router cannot take, or null to pass it on. */
export function guardApiRequest(method: string, rawUrl: string): Response | null {
  const pathname = rawUrl.split("?")[0] ?? "";
  if (!pathname.startsWith(`/${API_PREFIX}/`) && pathname !== `/${API_PREFIX}`) return null;
  let decoded: string[];
  try {
    decoded = pathname.split("/").map((segment) => decodeURIComponent(segment));
  } catch {
    return errorResponse(
      new AppError("VALIDATION_FAILED", "Invalid path", [
        { path: "path", message: "is not valid percent-encoding (RFC 3986)" },
      ]),
    );
  }
  if (DISPATCHABLE.has(method.toUpperCase())) return null;
  const route = matchApiRoute(decoded.slice(3));
  if (!route) return errorResponse(new AppError("NOT_FOUND", `No API route ${pathname}`));
  const allow = allowedMethods(route);
  return errorResponse(
    new AppError("METHOD_NOT_ALLOWED", `${method.toUpperCase()} is not supported here; use ${allow}`),
    undefined,
    { Allow: allow },
  );
}

/** The routed path (`experiments/:key`) whose pattern the segments after /api/v1 match. */
function matchApiRoute(segments: string[]): string | undefined {
  const parts = segments.filter((s, i) => s !== "" || i < segments.length - 1);
  return apiRoutes
    .map((r) => r.path as string)
    .find((path) => {
      const pattern = path.split("/");
      return pattern.length === parts.length && pattern.every((p, i) => p.startsWith(":") || p === parts[i]);
    });
}

function allowedMethods(path: string): string {
  const operations = loadApiRoutes().find((r) => r.path === path)?.operations ?? {};
  return Object.keys(operations).join(", ");
}
