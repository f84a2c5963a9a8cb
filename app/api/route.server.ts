import { type AppContext, getContext } from "#app/server/context.server";
import type { Scope } from "#app/services/api-keys.server";
import { authenticate } from "./auth.server";
import { AppError, describeError, invalidInput } from "#lib/errors";
import { isStorableText } from "#lib/contracts/common";

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface HandlerArgs {
  request: Request;
  params: Record<string, string | undefined>;
  url: URL;
  ctx: AppContext;
  scope: Scope | null;
}

export interface MethodSpec {
  /** Key scope required; null = public. */
  scope: Scope | null;
  handler: (args: HandlerArgs) => Promise<Response>;
}

export type RouteSpec = Partial<Record<Method, MethodSpec>>;

/** A JSON response. */
export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const body = JSON.stringify(data);
  return new Response(body, {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      // With a length, the server's compression skips small replies (measured: ~8% of ingest CPU).
      "Content-Length": String(Buffer.byteLength(body)),
      ...headers,
    },
  });
}

/** The API's error body for an AppError, with its status and the headers HTTP asks for. */
export function errorResponse(
  error: AppError,
  request?: Request,
  extraHeaders: Record<string, string> = {},
): Response {
  const headers = { ...extraHeaders };
  if (error.code === "UNAUTHORIZED") {
    // RFC 6750: a rejected token is "invalid_token"; a missing one gets the bare challenge.
    headers["WWW-Authenticate"] = request?.headers.has("authorization")
      ? 'Bearer realm="northstar", error="invalid_token"'
      : 'Bearer realm="northstar"';
  }
  const body = {
    code: error.code,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
  };
  return json({ error: body }, error.status, headers);
}

/**
 * Runs one API request: method dispatch, authentication, and the error contract — every failure
 * leaves as `{ error: { code, message, details? } }` with its real status, never an HTML page.
 */
export async function dispatch(
  spec: RouteSpec,
  args: { request: Request; params: Record<string, string | undefined> },
): Promise<Response> {
  const method = args.request.method.toUpperCase() as Method;
  const entry = spec[method === ("HEAD" as Method) ? "GET" : method];
  if (!entry) {
    const allow = Object.keys(spec).join(", ");
    return errorResponse(
      new AppError("METHOD_NOT_ALLOWED", `${method} is not supported here; use ${allow}`),
      args.request,
      { Allow: allow },
    );
  }
  let ctx: AppContext | undefined;
  try {
    checkPathParams(args.params);
    ctx = await getContext();
    const scope = entry.scope ? await authenticate(args.request, ctx, entry.scope) : null;
    return await entry.handler({ ...args, url: new URL(args.request.url), ctx, scope });
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error, args.request);
    (ctx?.log ?? console).error("unhandled API error", {
      method,
      url: args.request.url,
      ...describeError(error),
    });
    return errorResponse(new AppError("INTERNAL", "Internal error; it has been logged"));
  }
}

/** Path segments reach SQL as text: one Postgres cannot store (NUL, lone surrogates) is a 400, not a 500. */
function checkPathParams(params: Record<string, string | undefined>) {
  const bad = Object.entries(params).filter(([, value]) => value !== undefined && !isStorableText(value));
  if (bad.length > 0) {
    throw invalidInput(
      "Invalid path",
      bad.map(([name]) => ({
        path: name,
        message: "must not contain NUL characters or unpaired surrogates",
      })),
    );
  }
}
