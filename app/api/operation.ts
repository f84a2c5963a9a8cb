import type { z } from "zod";
import type { AppContext } from "#app/server/context.server";
import type { Scope } from "#app/services/api-keys.server";
import { type ErrorCode, HTTP_STATUS_BY_CODE } from "#lib/errors";

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * One API operation, declared once: the dispatcher authenticates and parses with it, the OpenAPI
 * document describes it, and the test harness checks every response against it.
 */
export interface Operation<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
> {
  summary: string;
  /** Key scope required; null = public. */
  scope: Scope | null;
  /** Path parameters, an object schema naming each `:param` of the route's path. */
  params?: P;
  /** Query-string parameters, an object schema of strings. */
  query?: Q;
  /** JSON request body. */
  body?: B;
  /** No body at all stands for `{}`. */
  bodyOptional?: boolean;
  /** The body's array field that holds a batch: over MAX_BATCH_ITEMS items is a 413 before validation. */
  batch?: string;
  response: R;
  /** Success status; 200 unless said. */
  status?: 200 | 201 | 202;
  /** What the handler's services can throw beyond what scope, params, query and body imply. */
  errors?: ErrorCode[];
  /**
   * Returns the response body; the suite checks every body it receives against `response`
   * (services still return text columns as plain strings, so the compiler cannot yet).
   */
  handler(input: { ctx: AppContext; params: Parsed<P>; query: Parsed<Q>; body: Parsed<B> }): Promise<unknown>;
}

/** Any operation, as the dispatcher and the document see it. */
export type AnyOperation = Operation<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;

/** A route module's operations by method. */
export type Operations = Partial<Record<Method, AnyOperation>>;

/** Declares an operation with its handler's input typed from its schemas. */
export function operation<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(spec: Operation<P, Q, B, R>): AnyOperation {
  return spec;
}

/** Every error code the operation can answer with, derived from its declaration, by status. */
export function errorCodesOf(op: AnyOperation): ErrorCode[] {
  // Every operation reaches the database, which may be down or too slow: a 503 with Retry-After.
  const codes = new Set<ErrorCode>([...(op.errors ?? []), "SERVICE_UNAVAILABLE"]);
  if (op.scope) codes.add("UNAUTHORIZED");
  if (op.scope === "admin") codes.add("FORBIDDEN");
  if (op.params || op.query) codes.add("VALIDATION_FAILED");
  if (op.body) {
    for (const code of [
      "VALIDATION_FAILED",
      "MALFORMED_JSON",
      "PAYLOAD_TOO_LARGE",
      "UNSUPPORTED_MEDIA_TYPE",
    ] as const) {
      codes.add(code);
    }
  }
  return [...codes].sort((a, b) => HTTP_STATUS_BY_CODE[a] - HTTP_STATUS_BY_CODE[b] || a.localeCompare(b));
}
