import { type AppContext, getContext } from "#app/server/context.server";
import type { Scope } from "#app/services/api-keys.server";
import { authenticate } from "./auth.server";
import { checkBatchLength } from "./batch.server";
import { readJsonBody } from "./body.server";
import type { AnyOperation, Method, Operations } from "./operation";
import { validate } from "./validate";
import { deadlineBudget } from "#db/deadline";
import { isDatabaseUnavailable } from "#db/unavailable";
import { AppError, describeError, invalidInput, RETRY_AFTER_SECONDS, serviceUnavailable } from "#lib/errors";
import { isStorableText } from "#lib/contracts/common";
import { requestIdOf } from "./request-id";

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
  if (error.code === "SERVICE_UNAVAILABLE") headers["Retry-After"] = String(RETRY_AFTER_SECONDS);
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

/** Request arguments React Router passes to a route's loader and action. */
interface RouteArgs {
  request: Request;
  params: Record<string, string | undefined>;
}

/**
 * The loader (and action) of an API route module. Its operations stay readable on it for the
 * registry; they cannot be a module export of their own, which React Router would ship to the
 * browser together with the services they call.
 */
export function apiRoute(operations: Operations) {
  return Object.assign((args: RouteArgs) => dispatch(operations, args), { operations });
}

/**
 * Runs one API request: method dispatch, authentication, parsing with the operation's schemas, and
 * the error contract — every failure leaves as `{ error: { code, message, details? } }` with its
 * real status, never an HTML page. The checks run in the order docs/api.md gives.
 */
async function dispatch(operations: Operations, args: RouteArgs): Promise<Response> {
  const method = args.request.method.toUpperCase() as Method;
  const op = operations[method === ("HEAD" as Method) ? "GET" : method];
  if (!op) {
    const allow = Object.keys(operations).join(", ");
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
    const context = ctx;
    // A database that neither answers nor fails (pool exhausted behind a lock) must not hold the
    // caller: past the deadline it is a 503. Writes are idempotent, so sending again is safe.
    // One deadline covers the key check and the operation together; reading the body is the
    // client's time, not the database's, and runs outside it.
    const deadline = deadlineBudget(context.dbDeadlineMs ?? 0);
    if (op.scope) await deadline.run(() => authenticate(args.request, context, op.scope as Scope));
    const input = await parseInput(op, args);
    const result = await deadline.run(() => op.handler({ ctx: context, ...input }));
    return json(result, op.status ?? 200);
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error, args.request);
    // What the log may hold of a request: its id, route, sizes — never its body or query values.
    const request = {
      requestId: requestIdOf(args.request),
      method,
      path: new URL(args.request.url).pathname,
      bodyBytes: Number(args.request.headers.get("content-length") ?? 0) || undefined,
    };
    const log = ctx?.log;
    if (isDatabaseUnavailable(error)) {
      log?.warn("database unavailable", { ...request, ...describeError(error) });
      return errorResponse(serviceUnavailable(), args.request);
    }
    if (log) log.error("unhandled API error", { ...request, ...describeError(error) });
    else
      console.error(JSON.stringify({ message: "unhandled API error", ...request, ...describeError(error) }));
    return errorResponse(new AppError("INTERNAL", "Internal error; it has been logged"));
  }
}

/**
 * The query string as an object; `name[key]=value` pairs (OpenAPI's deepObject style) become
 * `{ name: { key: value } }`. A repeated name keeps its last value, as before.
 */
function queryObject(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of params) {
    const deep = /^([^[\]]+)\[([^[\]]*)\]$/.exec(name);
    if (!deep?.[1] || deep[2] === undefined) {
      out[name] = value;
      continue;
    }
    const nested = out[deep[1]];
    const object = typeof nested === "object" && nested !== null ? (nested as Record<string, string>) : {};
    object[deep[2]] = value;
    out[deep[1]] = object;
  }
  return out;
}

async function parseInput(op: AnyOperation, { request, params }: RouteArgs) {
  const parsedParams = op.params ? validate(op.params, params, "path") : undefined;
  const query = op.query
    ? validate(op.query, queryObject(new URL(request.url).searchParams), "query string")
    : undefined;
  let body: unknown;
  if (op.body) {
    // An optional body may be left out entirely; one that is sent must still be valid JSON.
    const absent = request.body === null || request.headers.get("content-length") === "0";
    const raw = op.bodyOptional && absent ? {} : await readJsonBody(request);
    if (op.batch) checkBatchLength(raw, op.batch);
    body = validate(op.body, raw);
  }
  return { params: parsedParams, query, body };
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
