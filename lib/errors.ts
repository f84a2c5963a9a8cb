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
  SERVICE_UNAVAILABLE: 503,
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

/** Seconds a client is asked to wait (`Retry-After`) before sending again after a 503. */
export const RETRY_AFTER_SECONDS = 5;

export const serviceUnavailable = () =>
  new AppError(
    "SERVICE_UNAVAILABLE",
    `The database is unavailable or too slow right now; retry in ${RETRY_AFTER_SECONDS} seconds`,
  );

const MAX_MESSAGE_CHARS = 500;
const MAX_STACK_FRAMES = 8;

/**
 * What logs keep of any thrown value: the cause's message (capped), its SQLSTATE or errno code,
 * the failing SQL text without its parameters, and the stack frames without the message.
 * Never the parameters or a whole message: drizzle's "Failed query … params: …" and V8's
 * JSON.parse messages carry request data, which must not reach the log.
 */
export function describeError(error: unknown): {
  error: string;
  code?: string;
  query?: string;
  stack?: string;
} {
  if (!(error instanceof Error)) return { error: cap(String(error), MAX_MESSAGE_CHARS) };
  // drizzle wraps the driver's error: the readable cause is underneath, the SQL on the wrapper.
  const root = error.cause instanceof Error ? error.cause : error;
  const code = (root as { code?: unknown }).code;
  const query = (error as { query?: unknown }).query;
  const frames = (root.stack ?? "").split("\n").filter((line) => line.trimStart().startsWith("at "));
  return {
    error: cap(root.message, MAX_MESSAGE_CHARS),
    ...(typeof code === "string" ? { code } : {}),
    ...(typeof query === "string" ? { query: cap(query, MAX_MESSAGE_CHARS) } : {}),
    ...(frames.length > 0
      ? {
          stack: frames
            .slice(0, MAX_STACK_FRAMES)
            .map((f) => f.trim())
            .join("\n"),
        }
      : {}),
  };
}

function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/**
 * A thrown value's readable message: drizzle wraps a driver error in "Failed query: <SQL> params:
 * <values>", which is no cause for a person to read (and carries data); the driver's own message
 * (capped) and SQLSTATE underneath are.
 */
export function errorMessage(error: unknown): string {
  const { error: message, code } = describeError(error);
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) ? `${message} (SQLSTATE ${code})` : message;
}
