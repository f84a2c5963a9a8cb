/** The error a database wait past its deadline rejects with; `isDatabaseUnavailable` knows its code. */
export class DatabaseDeadlineError extends Error {
  readonly code = "DATABASE_DEADLINE";

  constructor(ms: number) {
    super(`the database did not answer within ${ms} ms`);
  }
}

/**
 * Runs `work` and rejects with DatabaseDeadlineError if it has not settled after `ms` (0 = no
 * deadline). The work is not cancelled — the statement timeout ends it on the server — but the
 * caller stops waiting: a full pool queues queries in the client, where no server timeout reaches.
 */
export async function withDeadline<T>(ms: number, work: () => Promise<T>): Promise<T> {
  if (ms <= 0) return work();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseDeadlineError(ms)), ms);
  });
  const running = work();
  // The abandoned work may still fail later; that is already answered.
  running.catch(() => {});
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
