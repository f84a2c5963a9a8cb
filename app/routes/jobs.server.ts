/** Scheduled jobs and their recent runs, as the jobs page lists them, and its "Run now" action. */
import cronParser from "cron-parser";
import type { AppContext } from "#app/server/context.server";
import { jobRun, listJobs, triggerJob } from "#app/services/jobs.server";

/** When a cron schedule (UTC) next fires after `now`; null for an expression it cannot read. */
export function nextRunAt(schedule: string, now: Date): string | null {
  try {
    return cronParser
      .parseExpression(schedule, { currentDate: now, tz: "UTC" })
      .next()
      .toDate()
      .toISOString();
  } catch {
    return null;
  }
}

export async function jobsPage(ctx: AppContext) {
  const { jobs } = await listJobs(ctx.db, ctx.jobs);
  const now = ctx.now();
  return {
    jobs: jobs.map((j) => ({
      name: j.name,
      description: j.description,
      schedule: j.schedule,
      nextRunAt: nextRunAt(j.schedule, now),
      lastSuccessAt: j.lastSuccessAt,
      runs: j.runs.map((r) => ({
        id: r.id,
        status: r.status,
        trigger: r.trigger,
        target: r.target,
        queuedAt: r.queuedAt,
        startedAt: r.startedAt,
        finishedAt: r.finishedAt,
        durationMs: r.durationMs,
        rowsScanned: r.rowsScanned,
        itemsOk: r.itemsOk,
        itemsFailed: r.itemsFailed,
        error: r.error,
        problems: r.problems,
      })),
    })),
  };
}

const FINISHED = new Set(["succeeded", "failed"]);
const POLL_MS = 250;
const WAIT_MS = 30_000;

/**
 * Queues a run of the job (optionally for one model) and follows it until it ends, so the page
 * revalidates with the finished run; a busy separate worker gets "queued" after WAIT_MS instead.
 */
export async function runJobNow(ctx: AppContext, name: string, model: string | null) {
  const queued = await triggerJob(ctx.db, ctx.jobs, name, model ? { model } : {});
  const deadline = Date.now() + WAIT_MS;
  let run = queued;
  while (!FINISHED.has(run.status) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    run = await jobRun(ctx.db, queued.id);
  }
  return { run: { id: run.id, job: name, status: run.status, finishedAt: run.finishedAt, error: run.error } };
}
