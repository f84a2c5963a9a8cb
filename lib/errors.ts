/**
 * The one error type of the code base. Services, queries' callers and jobs throw an `AppError`
 * with a code that says what went wrong in domain terms; the edges translate it once: the API
 * dispatcher into `{ error: { code, message, details? } }`, the page adapter into a `Response`
 * that the shared error boundary renders. Anything that is not an AppError is a bug: a 500 whose
 * stack is logged.
 */

/** One problem with an input, pointing at the offending field (e.g. `events[3].timestamp`). */
export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * Every code and the HTTP status it leaves the server with: the only place that pairs them.
 * A new code without a status does not compile.
 */
export const HTTP_STATUS_BY_CODE = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
  // The server lacks configuration the request needs (e.g. NORTHSTAR_SECRET_KEY for webhooks).
  NOT_CONFIGURED: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof HTTP_STATUS_BY_CODE;

export class AppError extends Error {
  override readonly name = "AppError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }

  get status(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }
}

export const invalidInput = (message: string, details?: ErrorDetail[]) =>
  new AppError("VALIDATION_FAILED", message, details);
export const notFound = (message: string) => new AppError("NOT_FOUND", message);
export const conflict = (message: string, details?: ErrorDetail[]) =>
  new AppError("CONFLICT", message, details);

/** A message and, where there is one, the stack: what logs keep of any thrown value. */
export function describeError(error: unknown): { error: string; stack?: string } {
  if (error instanceof Error) return { error: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { error: String(error) };
}
