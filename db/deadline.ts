import { AsyncLocalStorage } from "node:async_hooks";

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
  let remaining = ms;
  let armedAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let expire: (error: Error) => void = () => {};
  const deadline = new Promise<never>((_, reject) => {
    expire = reject;
  });
  const arm = () => {
    armedAt = performance.now();
    timer = setTimeout(() => expire(new DatabaseDeadlineError(ms)), Math.max(0, remaining));
  };
  const clock: PausableClock = {
    pause() {
      clearTimeout(timer);
      remaining -= performance.now() - armedAt;
    },
    resume: arm,
  };
  arm();
  const running = paused.run(clock, work);
  // The abandoned work may still fail later; that is already answered.
  running.catch(() => {});
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

interface PausableClock {
  pause(): void;
  resume(): void;
}

const paused = new AsyncLocalStorage<PausableClock>();

/**
 * Runs `wait` with the surrounding withDeadline stopped: for a deliberate wait that is not the
 * database's, such as a page following a job run it queued (250 ms sleeps between polls, up to
 * 30 s). Without it a drift run longer than the deadline answered "database unavailable" (503)
 * on a healthy database. The polls themselves stay inside the deadline.
 */
export async function outsideDeadline<T>(wait: () => Promise<T>): Promise<T> {
  const clock = paused.getStore();
  if (!clock) return wait();
  clock.pause();
  try {
    return await paused.exit(wait);
  } finally {
    clock.resume();
  }
}

async function raceDeadline<T>(ms: number, reportedMs: number, work: () => Promise<T>): Promise<T> {
  if (ms <= 0) return work();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseDeadlineError(reportedMs)), ms);
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

export interface DeadlineBudget {
  /** Runs one database wait of the request with whatever is left of its deadline. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * One deadline for all of a request's database waits (0 = none). An API request waits twice —
 * the key check, then the operation — and with a deadline each, a request whose key check got a
 * pooled connection just before its deadline could wait almost as long again for its write
 * (10.0 s seen against a 6 s deadline, issue 13). Only time inside `run` counts: reading the body
 * between the waits is the client's time, not the database's.
 */
export function deadlineBudget(ms: number): DeadlineBudget {
  let spent = 0;
  return {
    async run(work) {
      if (ms <= 0) return work();
      const left = ms - spent;
      if (left <= 0) throw new DatabaseDeadlineError(ms);
      const started = performance.now();
      let ranOut = false;
      try {
        return await raceDeadline(left, ms, work);
      } catch (error) {
        ranOut = error instanceof DatabaseDeadlineError;
        throw error;
      } finally {
        // A timer may fire a fraction of a millisecond early: a wait that ran out spent it all.
        spent = ranOut ? ms : spent + performance.now() - started;
      }
    },
  };
}
