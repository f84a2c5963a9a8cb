/** The experiment page's loader and its "Refresh results now" action. Snapshots only, never raw events. */
import type { AppContext } from "#app/server/context.server";
import { getExperiment, startExperiment, stopExperiment } from "#app/services/experiments.server";
import { jobRun, triggerJob } from "#app/services/jobs.server";
import { listMetrics } from "#app/services/metrics.server";
import { listDrift } from "#app/services/model-monitoring.server";
import { resultsHistory } from "#app/services/results.server";
import { AppError } from "#lib/errors";
import { sendDataExamples } from "#app/pages/send-data-examples";
import { armLabels, liftHistory, readResults, resultsView } from "#app/pages/experiment-view";
import { reanalysisFor } from "#app/pages/results-reanalysis";
import { breakdownView } from "#app/pages/breakdown-view";
import { modelsPage } from "./models.server";

const DRIFT_LOOKBACK_MS = 3 * 86_400_000;

/**
 * The drift job's latest window for an arm's model version: how many features drifted. Null when
 * the arm names no model, or a model or version Northstar does not monitor.
 */
async function armDrift(ctx: AppContext, model: string | null, version: string | null) {
  if (!model || !version) return null;
  try {
    const snapshots = await listDrift(ctx.db, model, {
      version,
      from: new Date(ctx.now().getTime() - DRIFT_LOOKBACK_MS),
    });
    const features = snapshots.filter((s) => s.kind === "feature");
    // Oldest window first (listDrift's order): the last snapshot's window is the latest.
    const latest = features.at(-1)?.windowEnd;
    if (!latest) return { monitored: true as const, windowEnd: null, drifted: 0, features: 0 };
    const window = features.filter((s) => s.windowEnd === latest);
    return {
      monitored: true as const,
      windowEnd: latest,
      drifted: window.filter((s) => s.drifted).length,
      features: window.length,
    };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return { monitored: false as const };
    throw error;
  }
}

/** `search` may ask for another engine or CUPED on/off: the latest snapshot is re-analysed from its stored sums. */
export async function experimentPage(
  ctx: AppContext,
  key: string,
  baseUrl: string,
  search = new URLSearchParams(),
) {
  const experiment = await getExperiment(ctx.db, key);
  const [metrics, history, drift, monitored] = await Promise.all([
    listMetrics(ctx.db),
    resultsHistory(ctx.db, key),
    Promise.all(experiment.variants.map((v) => armDrift(ctx, v.model, v.modelVersion))),
    modelsPage(ctx, new Set(experiment.variants.flatMap((v) => (v.model ? [v.model] : [])))),
  ]);
  // Metrics past their threshold for an arm's model version (null: the model is not monitored).
  const breachedFor = (model: string | null, version: string | null) => {
    const entry = monitored.models.find((m) => m.key === model);
    if (!entry || !version) return null;
    return entry.breached.filter((b) => b.version === version).map((b) => b.label);
  };
  const names = new Map(metrics.map((m) => [m.key, m.name]));
  const snapshots = history.points.map(readResults);
  const latest = snapshots.at(-1);
  const analysis = latest ? reanalysisFor(latest, search) : null;
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
      variants: experiment.variants.map((v, i) => ({
        key: v.key,
        label: labels.get(v.key) ?? v.key,
        weight: v.weight,
        model: v.model,
        modelVersion: v.modelVersion,
        drift: drift[i] ?? null,
        belowThreshold: breachedFor(v.model, v.modelVersion),
      })),
    },
    results: analysis ? resultsView(experiment, analysis.document, names) : null,
    // Breakdowns are read from the snapshot as published, whichever analysis the page shows.
    breakdown: latest ? breakdownView(latest, names, labels, search) : null,
    analysis: analysis && {
      stored: analysis.stored,
      shown: analysis.shown,
      disabledReason: analysis.disabledReason,
      cupedReason: analysis.cupedReason,
    },
    // Before its first results, the page shows what to send for this experiment.
    examples: latest
      ? null
      : sendDataExamples(baseUrl, ctx.now(), {
          key: experiment.key,
          variants: experiment.variants.map((v) => v.key),
        }),
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
