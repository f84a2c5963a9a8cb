import { describeError } from "#lib/errors";
import type { Logger } from "#lib/log";
import { type DbHandle, type OpenOptions, openDatabase } from "./client";
import { runMigrations } from "./migrate";
import { isDatabaseUnavailable } from "./unavailable";

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 15_000;

/**
 * Opens and migrates the database, waiting for it when it is unavailable (a server started before
 * its database, or during a restart): each failed attempt is logged and retried with a doubling
 * delay up to 15 s, for as long as it takes. Anything else (bad credentials, a failing migration)
 * is not going to pass by waiting and is thrown.
 */
export async function openWhenAvailable(
  options: OpenOptions,
  log: Logger,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<{ db: DbHandle; applied: number }> {
  let delay = FIRST_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    const db = await openDatabase(options);
    try {
      const { applied } = await runMigrations(db);
      if (attempt > 1) log.info("database available", { attempt });
      return { db, applied };
    } catch (error) {
      await db.close().catch(() => {});
      if (!isDatabaseUnavailable(error)) throw error;
      log.warn("database unavailable; retrying", { attempt, retryInMs: delay, ...describeError(error) });
      await sleep(delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }
}
