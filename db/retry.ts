/**
 * Retrying work that PostgreSQL aborted only because of a concurrent transaction. The batch
 * writers insert in a canonical key order, so concurrent batches should never deadlock; if one
 * still does (or a serializable transaction fails to serialize), the same work simply runs again
 * and the client never sees it.
 */
import { setTimeout as sleep } from "node:timers/promises";

/** SQLSTATEs after which the whole transaction may be run again unchanged. */
const RETRYABLE_SQLSTATES = new Set([
  "40P01", // deadlock_detected
  "40001", // serialization_failure
]);

export interface RetryOptions {
  /** Attempts in all (the first one included). */
  attempts?: number;
  /** Backoff before the second attempt; doubled for each next one, with full jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** The SQLSTATE of `error` or of anything in its `cause` chain (drizzle wraps the driver's error). */
export function sqlStateOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isRetryableConflict(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state !== undefined && RETRYABLE_SQLSTATES.has(state);
}

/**
 * Runs `work` (a whole transaction or single statement on a top-level handle — never inside an
 * outer transaction, whose locks would survive the retry) and runs it again after a deadlock or
 * serialization failure, up to `attempts` times with a bounded, jittered exponential backoff.
 * The last failure is rethrown unchanged.
 */
export async function retryOnConflict<T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  const base = options.baseDelayMs ?? 25;
  const max = options.maxDelayMs ?? 1_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
      // Full jitter: clients that collided once do not collide again in lockstep.
      await sleep(Math.random() * Math.min(max, base * 2 ** (attempt - 1)));
    }
  }
}
