import type { DbHandle } from "#db/client";
import { findJob } from "#jobs/registry";
import type { JobRunner } from "#jobs/runner";
import { type RunRow, getRun, lastSuccess, recentRuns } from "#jobs/runs";
import { invalidInput, notFound } from "#lib/errors";
import { findExperimentRow } from "./experiments.server";
import { findModelRow } from "./models.server";

export async function listJobs(db: DbHandle, runner: JobRunner) {
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
export async function triggerJob(
  db: DbHandle,
  runner: JobRunner,
  name: string,
  target: { experiment?: string; model?: string },
) {
  if (!findJob(name)) throw notFound(`No job named "${name}"`);
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
  return toRunView((await getRun(db, id)) as RunRow);
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
  };
}
