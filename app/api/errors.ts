/** One problem with a request, pointing at the offending field (e.g. `events[3].timestamp`). */
export interface ErrorDetail {
  path: string;
  message: string;
}

export type ErrorCode =
  | "VALIDATION_FAILED"
  | "MALFORMED_JSON"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "INTERNAL";

/** An error the API reports to the caller as `{ error: { code, message, details? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toJSON() {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}

export const badRequest = (message: string, details?: ErrorDetail[]) =>
  new ApiError(400, "VALIDATION_FAILED", message, details);
export const notFound = (message: string) => new ApiError(404, "NOT_FOUND", message);
export const conflict = (message: string, details?: ErrorDetail[]) =>
  new ApiError(409, "CONFLICT", message, details);
