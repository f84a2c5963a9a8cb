/**
 * Which failures mean "the database cannot answer right now" (down, restarting, refusing
 * connections, too slow) rather than "this request is wrong" or "our code is wrong". The edges
 * answer those with 503 and Retry-After instead of 500, and startup waits for them to pass.
 */

/** PostgreSQL SQLSTATEs of an unavailable or overloaded server (appendix A of the manual). */
const UNAVAILABLE_SQLSTATES = new Set([
  "57014", // query_canceled: our statement_timeout fired (a lock or an overloaded server)
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, shutting down, in recovery)
  "57P05", // idle_session_timeout
  "53300", // too_many_connections
  "25P03", // idle_in_transaction_session_timeout
  // Contention that outlasted db/retry.ts's attempts: the request may be sent again as it is.
  "40P01", // deadlock_detected
  "40001", // serialization_failure
]);

/** Node socket errors and postgres.js's own connection codes. */
const UNAVAILABLE_CLIENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  // Our own deadline on a database wait (db/deadline.ts).
  "DATABASE_DEADLINE",
]);

/** True when `error` (or anything in its `cause` chain, e.g. under drizzle's query error) is unavailability. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") {
      // Class 08: connection exception (08000, 08001, 08003, 08004, 08006, 08007, 08P01).
      if (code.startsWith("08") && code.length === 5) return true;
      if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_CLIENT_CODES.has(code)) return true;
    }
    if (current instanceof AggregateError && current.errors.some((e) => isDatabaseUnavailable(e)))
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
