/** Scheduled jobs and their recent runs, as the jobs page lists them. */
import type { AppContext } from "#app/server/context.server";
import { listJobs } from "#app/services/jobs.server";

export async function jobsPage(ctx: AppContext) {
  const { jobs } = await listJobs(ctx.db, ctx.jobs);
  return {
    jobs: jobs.map((j) => ({
      name: j.name,
      description: j.description,
      schedule: j.schedule,
      lastSuccessAt: j.lastSuccessAt,
      runs: j.runs.map((r) => ({
        id: r.id,
        status: r.status,
        trigger: r.trigger,
        target: r.target,
        queuedAt: r.queuedAt,
        finishedAt: r.finishedAt,
        durationMs: r.durationMs,
        itemsOk: r.itemsOk,
        itemsFailed: r.itemsFailed,
        error: r.error,
      })),
    })),
  };
}
