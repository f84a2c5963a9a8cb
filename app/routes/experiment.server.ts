/** The experiment page's loader and its "Refresh results now" action. Snapshots only, never raw events. */
import type { AppContext } from "#app/server/context.server";
import { getExperiment, startExperiment, stopExperiment } from "#app/services/experiments.server";
import { jobRun, triggerJob } from "#app/services/jobs.server";
import { listMetrics } from "#app/services/metrics.server";
import { resultsHistory } from "#app/services/results.server";
import { armLabels, liftHistory, readResults, resultsView } from "#app/pages/experiment-view";

export async function experimentPage(ctx: AppContext, key: string) {
  const experiment = await getExperiment(ctx.db, key);
  const [metrics, history] = await Promise.all([listMetrics(ctx.db), resultsHistory(ctx.db, key)]);
  const names = new Map(metrics.map((m) => [m.key, m.name]));
  const snapshots = history.points.map(readResults);
  const latest = snapshots.at(-1);
  const labels = armLabels(experiment);
  return {
    experiment: {
      key: experiment.key,
      name: experiment.name,
      hypothesis: experiment.hypothesis,
      status: experiment.status,
      unit: experiment.unit,
      createdAt: experiment.createdAt,
      startedAt: experiment.startedAt,
      stoppedAt: experiment.stoppedAt,
      settings: experiment.settings,
      variants: experiment.variants.map((v) => ({
        key: v.key,
        label: labels.get(v.key) ?? v.key,
        weight: v.weight,
        model: v.model,
        modelVersion: v.modelVersion,
      })),
    },
    results: latest ? resultsView(experiment, latest, names) : null,
    history: liftHistory(experiment, snapshots, names),
  };
}

export type ExperimentPageData = Awaited<ReturnType<typeof experimentPage>>;

const FINISHED = new Set(["succeeded", "failed"]);
const POLL_MS = 250;
const WAIT_MS = 30_000;

/**
 * Runs the results job for this experiment and waits for it (in-process jobs take seconds), so the
 * page revalidates with the new snapshot; with a separate worker that is slow to pick it up, it
 * answers "queued" after a while instead of holding the request.
 */
export async function refreshResults(ctx: AppContext, key: string) {
  const queued = await triggerJob(ctx.db, ctx.jobs, "experiment-results", { experiment: key });
  const deadline = Date.now() + WAIT_MS;
  let run = queued;
  while (!FINISHED.has(run.status) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    run = await jobRun(ctx.db, queued.id);
  }
  return { run: { id: run.id, status: run.status, finishedAt: run.finishedAt, error: run.error } };
}

/** Start or stop; answers with the new status (the page revalidates and redraws its header). */
export async function changeStatus(ctx: AppContext, key: string, change: "start" | "stop") {
  const changed =
    change === "start"
      ? await startExperiment(ctx.db, key, ctx.now())
      : await stopExperiment(ctx.db, key, ctx.now());
  return changed.status;
}
