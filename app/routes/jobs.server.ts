/** Scheduled jobs and their recent runs, as the jobs page lists them, and its "Run now" action. */
import cronParser from "cron-parser";
import { outsideDeadline } from "#db/deadline";
import type { AppContext } from "#app/server/context.server";
import { listExperiments } from "#app/services/experiments.server";
import { jobRun, listJobs, triggerJob } from "#app/services/jobs.server";
import { listModels } from "#app/services/models.server";

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

/** The jobs with their recent runs, what "Run now" can target, and the run being followed (if any). */
export async function jobsPage(ctx: AppContext, followRun: number | null) {
  const [{ jobs }, experiments, models, run] = await Promise.all([
    listJobs(ctx.db, ctx.jobs),
    listExperiments(ctx.db),
    listModels(ctx.db),
    followRun === null ? null : jobRun(ctx.db, followRun),
  ]);
  const now = ctx.now();
  return {
    jobs: jobs.map((j) => ({
      name: j.name,
      description: j.description,
      schedule: j.schedule,
      nextRunAt: nextRunAt(j.schedule, now),
      lastSuccessAt: j.lastSuccessAt,
      runs: j.runs,
    })),
    // A draft has no data yet: refreshing it alone does nothing.
    experiments: experiments.filter((e) => e.status !== "draft").map((e) => e.key),
    models: models.map((m) => m.key),
    run,
  };
}

/** Which run the page follows: `?run=<id>`, null when absent or not an id. */
export function followedRun(url: URL): number | null {
  const id = Number(url.searchParams.get("run"));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** Queues a run of the job, for everything or for one experiment or model; the page then polls it. */
export async function queueJobRun(
  ctx: AppContext,
  name: string,
  target: { experiment?: string; model?: string },
) {
  return { run: await triggerJob(ctx.db, ctx.jobs, name, target) };
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
    // Waiting for the job is not waiting for the database: the page's deadline stops meanwhile.
    await outsideDeadline(() => new Promise((resolve) => setTimeout(resolve, POLL_MS)));
    run = await jobRun(ctx.db, queued.id);
  }
  return { run: { id: run.id, job: name, status: run.status, finishedAt: run.finishedAt, error: run.error } };
}
