import type { DbHandle } from "#db/client";
import type { RunOutcome } from "#db/queries/job-runs";
import type { Logger } from "#lib/log";
import { describeError, errorMessage } from "#lib/errors";

/** What a job run gets. `now` is the as-of time: running twice for the same `now` gives the same snapshots. */
export interface JobContext {
  db: DbHandle;
  now: Date;
  log: Logger;
  /** Restrict the run to one experiment or one model (manual refresh). */
  target?: { experiment?: string; model?: string };
}

/** What a run reports; it is stored on the run's row as is. */
export type JobResult = RunOutcome;

export interface JobDefinition {
  name: string;
  description: string;
  /** Cron expression (UTC); overridable per job with NORTHSTAR_SCHEDULE_<NAME>. */
  defaultSchedule: string;
  run(ctx: JobContext): Promise<JobResult>;
}

/**
 * Runs `work` for each item so that one failing experiment or model is recorded as a problem
 * and the others still run.
 */
export async function forEachItem<T>(
  items: T[],
  label: (item: T) => string,
  work: (item: T) => Promise<{ rowsScanned: number }>,
  log: Logger,
): Promise<JobResult> {
  const result: JobResult = { rowsScanned: 0, itemsOk: 0, itemsFailed: 0, problems: [] };
  for (const item of items) {
    try {
      const { rowsScanned } = await work(item);
      result.rowsScanned += rowsScanned;
      result.itemsOk++;
    } catch (error) {
      const message = errorMessage(error);
      log.error("job item failed", { item: label(item), ...describeError(error) });
      result.itemsFailed++;
      result.problems.push({ item: label(item), error: message });
    }
  }
  return result;
}
