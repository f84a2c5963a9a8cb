import { randomUUID } from "node:crypto";

const HEADER = "x-request-id";
// A caller's id is echoed into logs and headers: short, printable, no separators to forge with.
const ACCEPTABLE = /^[\w.:@/+=-]{1,128}$/;

/** The caller's X-Request-Id when it is a sane token, else a fresh UUID. */
export function acceptRequestId(value: string | null | undefined): string {
  return value && ACCEPTABLE.test(value) ? value : randomUUID();
}

/** The request id the server front (scripts/serve.ts) settled on, or one made up for this log line. */
export function requestIdOf(request: Request): string {
  return acceptRequestId(request.headers.get(HEADER));
}

export const REQUEST_ID_HEADER = HEADER;
