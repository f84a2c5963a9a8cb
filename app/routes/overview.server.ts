/** The overview: running experiments at a glance (primary lift, verdict, health) and the jobs behind them. */
import type { AppContext } from "#app/server/context.server";
import { listExperiments } from "#app/services/experiments.server";
import { listJobs } from "#app/services/jobs.server";
import { listAlerts, OPEN_STATES } from "#app/services/alerts.server";
import { alertRow } from "#app/pages/alert-view";
import { modelsPage } from "./models.server";
import { listMetrics } from "#app/services/metrics.server";
import { latestResults } from "#app/services/results.server";
import { healthProblems } from "#app/pages/experiment-health";
import { armLabels, readResults } from "#app/pages/experiment-view";
import { sendDataExamples } from "#app/pages/send-data-examples";
import { verdictOf } from "#app/ui/verdict";
import { AppError } from "#lib/errors";

/** The latest snapshot, or null while the results job has not run for this experiment yet. */
async function latestOrNone(ctx: AppContext, key: string) {
  try {
    return readResults(await latestResults(ctx.db, key));
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

export async function overviewPage(ctx: AppContext, baseUrl: string) {
  const [experiments, metrics, jobs, monitored, openAlerts] = await Promise.all([
    listExperiments(ctx.db),
    listMetrics(ctx.db),
    listJobs(ctx.db, ctx.jobs),
    modelsPage(ctx),
    listAlerts(ctx.db, OPEN_STATES),
  ]);
  const names = new Map(metrics.map((m) => [m.key, m.name]));
  const running = experiments.filter((e) => e.status === "running");
  const cards = await Promise.all(
    running.map(async (e) => {
      const results = await latestOrNone(ctx, e.key);
      const labels = armLabels(e);
      const primary = results?.metrics.find((m) => m.role === "primary");
      return {
        key: e.key,
        name: e.name,
        startedAt: e.startedAt,
        primaryMetric: names.get(e.metrics.primary) ?? e.metrics.primary,
        computedAt: results?.computedAt ?? null,
        treatments: (primary?.variants.slice(1) ?? []).map((v) => ({
          variant: v.variant,
          label: labels.get(v.variant) ?? v.variant,
          lift: v.relativeLift ?? null,
          low: v.ciLow ?? null,
          high: v.ciHigh ?? null,
          verdict: verdictOf(v),
        })),
        health: results ? healthProblems(results).map((p) => p.summary) : [],
      };
    }),
  );
  const count = (status: string) => experiments.filter((e) => e.status === status).length;
  return {
    running: cards.sort((a, b) => (b.startedAt ?? "").localeCompare(a.startedAt ?? "")),
    counts: { running: running.length, draft: count("draft"), stopped: count("stopped") },
    examples: running.length === 0 ? sendDataExamples(baseUrl, ctx.now()) : null,
    alerts: openAlerts.map(alertRow),
    models: monitored.models.map((m) => ({ key: m.key, name: m.name, health: m.health })),
    jobs: jobs.jobs.map((j) => {
      const last = j.runs[0];
      return {
        name: j.name,
        schedule: j.schedule,
        lastSuccessAt: j.lastSuccessAt,
        lastRun: last ? { status: last.status, finishedAt: last.finishedAt, error: last.error } : null,
      };
    }),
  };
}
