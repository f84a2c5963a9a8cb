import type { DbHandle } from "#db/client";
import { type RunRow, type Target, getRun, lastSuccess, recentRuns } from "#db/queries/job-runs";
import { invalidInput, notFound } from "#lib/errors";
import { findExperimentRow } from "./experiments.server";
import { findModelRow } from "./models.server";

/** What this service needs of the job runner on the app context. */
export interface JobQueue {
  schedules(): Array<{ name: string; description: string; schedule: string }>;
  /** Queues a run now; returns its id in job_runs. */
  enqueue(job: string, target: Target | null): Promise<number>;
}

export async function listJobs(db: DbHandle, runner: JobQueue) {
  return {
    jobs: await Promise.all(
      runner.schedules().map(async (s) => ({
        ...s,
        lastSuccessAt: (await lastSuccess(db, s.name))?.toISOString() ?? null,
        runs: (await recentRuns(db, s.name, 10)).map(toRunView),
      })),
    ),
  };
}

/** Queues a run now, optionally for one experiment or model; answers with the run to poll. */
export async function triggerJob(db: DbHandle, runner: JobQueue, name: string, target: Target) {
  if (!runner.schedules().some((s) => s.name === name)) throw notFound(`No job named "${name}"`);
  if (target.experiment) {
    if (name !== "experiment-results") {
      throw invalidInput(`Job "${name}" does not take an experiment`, [
        { path: "experiment", message: "not used by this job" },
      ]);
    }
    await findExperimentRow(db, target.experiment);
  }
  if (target.model) {
    if (name === "experiment-results") {
      throw invalidInput(`Job "${name}" does not take a model`, [
        { path: "model", message: "not used by this job" },
      ]);
    }
    await findModelRow(db, target.model);
  }
  const id = await runner.enqueue(name, Object.keys(target).length ? target : null);
  return jobRun(db, id);
}

export async function jobRun(db: DbHandle, id: number) {
  const run = await getRun(db, id);
  if (!run) throw notFound(`No job run ${id}`);
  return toRunView(run);
}

function toRunView(run: RunRow) {
  return {
    id: run.id,
    job: run.job,
    status: run.status,
    trigger: run.trigger,
    target: run.target,
    queuedAt: run.queuedAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: run.durationMs,
    rowsScanned: run.rowsScanned,
    itemsOk: run.itemsOk,
    itemsFailed: run.itemsFailed,
    error: run.error,
    problems: run.problems,
    attempt: run.attempt,
    earlierErrors: run.earlierErrors ?? [],
  };
}
