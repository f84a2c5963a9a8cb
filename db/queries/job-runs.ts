import { and, desc, eq, inArray, sql } from "drizzle-orm";
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

/** Who is running an attempt: the pg-boss job and its attempt number (retry count + 1). */
export interface Attempt {
  runId: number;
  attempt: number;
  bossJobId: string;
}

/** Finds the run a retried pg-boss job recorded on its first attempt. */
export async function runOfBossJob(db: DbHandle, bossJobId: string): Promise<number | undefined> {
  const [row] = await db.db
    .select({ id: jobRuns.id })
    .from(jobRuns)
    .where(eq(jobRuns.bossJobId, bossJobId))
    .orderBy(desc(jobRuns.id))
    .limit(1);
  return row?.id;
}

/**
 * Starts an attempt. A retry keeps what the attempt before it left: its error (or, if its worker
 * died without recording one, that it was interrupted) moves to `earlier_errors`.
 */
export async function markRunning(db: DbHandle, at: Attempt, now: Date) {
  await db.db
    .update(jobRuns)
    .set({
      status: "running",
      startedAt: now,
      asOf: now,
      heartbeatAt: now,
      attempt: at.attempt,
      bossJobId: at.bossJobId,
      earlierErrors: sql`case
        when ${jobRuns.status} = 'queued' then ${jobRuns.earlierErrors}
        else coalesce(${jobRuns.earlierErrors}, '[]'::jsonb) || jsonb_build_array(jsonb_build_object(
          'attempt', ${jobRuns.attempt},
          'error', coalesce(${jobRuns.error}, ${INTERRUPTED})))
        end`,
      error: null,
      finishedAt: null,
    })
    .where(eq(jobRuns.id, at.runId));
}

/**
 * The running attempt is alive. False when the run is no longer this attempt's (it was declared
 * dead and handed to another worker): the caller's results will not be recorded.
 */
export async function heartbeat(db: DbHandle, at: Attempt, now: Date): Promise<boolean> {
  const rows = await db.db
    .update(jobRuns)
    .set({ heartbeatAt: now })
    .where(ownedBy(at))
    .returning({ id: jobRuns.id });
  return rows.length > 0;
}

/** Only the attempt that is still the run's current one may record how it ended. */
const ownedBy = (at: Attempt) =>
  and(eq(jobRuns.id, at.runId), eq(jobRuns.attempt, at.attempt), eq(jobRuns.status, "running"));

export async function markFinished(db: DbHandle, at: Attempt, startedAt: Date, result: RunOutcome) {
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
    .where(ownedBy(at));
}

export async function markCrashed(db: DbHandle, at: Attempt, startedAt: Date, message: string) {
  const finishedAt = new Date();
  await db.db
    .update(jobRuns)
    .set({
      status: "failed",
      finishedAt,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      error: message,
    })
    .where(ownedBy(at));
}

const INTERRUPTED = "interrupted: the worker stopped during this attempt";

/**
 * Runs whose worker stopped sending heartbeats before `staleBefore` are marked failed — one
 * statement, so of several workers sweeping at once exactly one claims each — and returned, so
 * the caller can hand their pg-boss jobs back for a retry. Runs from before heartbeats existed
 * count by their start time.
 */
export async function failStaleRuns(
  db: DbHandle,
  staleBefore: Date,
): Promise<Array<{ id: number; job: string; bossJobId: string | null }>> {
  return db.db
    .update(jobRuns)
    .set({ status: "failed", finishedAt: new Date(), error: INTERRUPTED })
    .where(
      and(
        eq(jobRuns.status, "running"),
        sql`coalesce(${jobRuns.heartbeatAt}, ${jobRuns.startedAt}) < ${staleBefore.toISOString()}::timestamptz`,
      ),
    )
    .returning({ id: jobRuns.id, job: jobRuns.job, bossJobId: jobRuns.bossJobId });
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
