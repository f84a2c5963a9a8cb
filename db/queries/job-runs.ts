import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { jobRuns } from "#db/schema";
import type { JobRunStatus, JobRunTrigger } from "#lib/vocabulary";

export type RunRow = typeof jobRuns.$inferSelect;
export type Target = { experiment?: string; model?: string };

/** What a finished run reports. */
export interface RunOutcome {
  /** Rows the run's queries read (as reported by the queries; an estimate where noted). */
  rowsScanned: number;
  itemsOk: number;
  itemsFailed: number;
  problems: Array<{ item: string; error: string }>;
}

/** Records a run before it is queued (manual) or when it starts (scheduled); returns its id. */
export async function createRun(
  db: DbHandle,
  job: string,
  trigger: JobRunTrigger,
  target: Target | null,
  now: Date,
): Promise<number> {
  const [row] = await db.db
    .insert(jobRuns)
    .values({ job, trigger, target, status: "queued", queuedAt: now })
    .returning({ id: jobRuns.id });
  if (!row) throw new Error("could not record the job run");
  return row.id;
}

export async function markRunning(db: DbHandle, id: number, now: Date) {
  await db.db
    .update(jobRuns)
    .set({ status: "running", startedAt: now, asOf: now, error: null })
    .where(eq(jobRuns.id, id));
}

export async function markFinished(db: DbHandle, id: number, startedAt: Date, result: RunOutcome) {
  const finishedAt = new Date();
  await db.db
    .update(jobRuns)
    .set({
      // A run in which some items failed is still a failure the operator must see.
      status: result.itemsFailed > 0 ? "failed" : "succeeded",
      finishedAt,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      rowsScanned: result.rowsScanned,
      itemsOk: result.itemsOk,
      itemsFailed: result.itemsFailed,
      problems: result.problems,
      error:
        result.itemsFailed > 0
          ? `${result.itemsFailed} item(s) failed: ${result.problems[0]?.error ?? ""}`
          : null,
    })
    .where(eq(jobRuns.id, id));
}

export async function markCrashed(db: DbHandle, id: number, startedAt: Date, error: unknown) {
  const finishedAt = new Date();
  await db.db
    .update(jobRuns)
    .set({
      status: "failed",
      finishedAt,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      error: error instanceof Error ? error.message : String(error),
    })
    .where(eq(jobRuns.id, id));
}

/**
 * Runs left "running" by a process that died are marked failed, so a crash is visible; the next
 * scheduled run recomputes everything (jobs are idempotent), which is the recovery.
 */
export async function failAbandonedRuns(db: DbHandle, olderThan: Date) {
  await db.db
    .update(jobRuns)
    .set({
      status: "failed",
      finishedAt: new Date(),
      error: "interrupted: the worker stopped during this run",
    })
    .where(and(eq(jobRuns.status, "running"), lt(jobRuns.startedAt, olderThan)));
}

export async function getRun(db: DbHandle, id: number): Promise<RunRow | undefined> {
  const [row] = await db.db.select().from(jobRuns).where(eq(jobRuns.id, id)).limit(1);
  return row;
}

export async function recentRuns(db: DbHandle, job: string, limit: number): Promise<RunRow[]> {
  return db.db.select().from(jobRuns).where(eq(jobRuns.job, job)).orderBy(desc(jobRuns.id)).limit(limit);
}

export async function lastSuccess(db: DbHandle, job: string): Promise<Date | null> {
  const [row] = await db.rows<{ finished_at: string | null }>(sql`
    select max(finished_at)::text as finished_at from job_runs where job = ${job} and status = 'succeeded'`);
  return row?.finished_at ? new Date(row.finished_at) : null;
}

/** The statuses of a job's latest finished runs, newest first. */
export async function recentFinishedStatuses(
  db: DbHandle,
  job: string,
  limit: number,
): Promise<JobRunStatus[]> {
  const rows = await db.db
    .select({ status: jobRuns.status })
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job), inArray(jobRuns.status, ["succeeded", "failed"])))
    .orderBy(desc(jobRuns.finishedAt), desc(jobRuns.id))
    .limit(limit);
  return rows.map((r) => r.status);
}
