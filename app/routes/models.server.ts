/** The monitored models with their health, as the models page lists them. Snapshots only. */
import type { AppContext } from "#app/server/context.server";
import { modelSnapshots } from "#app/services/model-dashboard.server";
import { listModels } from "#app/services/models.server";
import {
  breaches,
  dayOf,
  modelHealth,
  performanceSeries,
  recentValue,
  TASK_METRICS,
} from "#app/pages/model-view";
import { driftShares, driftTable } from "#app/pages/model-drift-view";
import { DAY_MS, floorDay } from "#app/stats/monitoring-windows";

/** Health reads the latest week of snapshots. */
const RANGE_DAYS = 7;

/** `only`: the models to judge (the experiment page asks for its arms' models alone). */
export async function modelsPage(ctx: AppContext, only?: ReadonlySet<string>) {
  const now = ctx.now();
  const from = new Date(floorDay(now).getTime() - (RANGE_DAYS - 1) * DAY_MS);
  const models = (await listModels(ctx.db)).filter((m) => !only || only.has(m.key));
  return {
    models: await Promise.all(
      models.map(async (m) => {
        const { model, drift, performance } = await modelSnapshots(ctx.db, m.key, from);
        const versions = model.versions.map((v) => v.version);
        const recent = performance.filter((p) => Date.parse(p.windowStart) >= from.getTime());
        const breached = TASK_METRICS[model.task].flatMap((spec) => {
          const points = performanceSeries(recent, spec, versions);
          return versions
            .filter((v) => breaches(spec, recentValue(points, v, dayOf(now.toISOString()))))
            .map((version) => ({ version, label: spec.label }));
        });
        const shares = driftShares(driftTable(drift, dayOf(now.toISOString())), versions);
        const lastPredictionAt =
          model.versions
            .map((v) => v.lastPredictionAt)
            .filter((t): t is string => t !== null)
            .sort()
            .at(-1) ?? null;
        const coverage = recent.filter((p) => p.metric === "label_coverage");
        const predictions = coverage.reduce((s, p) => s + p.count, 0);
        const labelled = coverage.reduce((s, p) => s + (p.value ?? 0) * p.count, 0);
        return {
          key: m.key,
          name: m.name,
          task: m.task,
          description: m.description,
          versions: versions,
          lastPredictionAt,
          labelCoverage: predictions > 0 ? labelled / predictions : null,
          health: modelHealth({ lastPredictionAt, now, shares, breached }),
          // Per version, for the experiment page's arms: which metrics are past their threshold.
          breached,
        };
      }),
    ),
    rangeDays: RANGE_DAYS,
  };
}
