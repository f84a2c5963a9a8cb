/** The latest results of an experiment as export rows (the experiment page's table, unrounded). */
import type { AppContext } from "#app/server/context.server";
import { getExperiment } from "#app/services/experiments.server";
import { listMetrics } from "#app/services/metrics.server";
import { latestResults } from "#app/services/results.server";
import { readResults, resultsView } from "#app/pages/experiment-view";
import { exportRows } from "#app/pages/results-export";

export async function resultsExport(ctx: AppContext, key: string) {
  const experiment = await getExperiment(ctx.db, key);
  const [stored, metrics] = await Promise.all([latestResults(ctx.db, key), listMetrics(ctx.db)]);
  const results = readResults(stored);
  const view = resultsView(experiment, results, new Map(metrics.map((m) => [m.key, m.name])));
  return { experiment: key, asOf: results.asOf, computedAt: results.computedAt, rows: exportRows(view) };
}
