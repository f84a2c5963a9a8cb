/** The metric library, as the metrics page lists it. */
import type { AppContext } from "#app/server/context.server";
import { listMetrics } from "#app/services/metrics.server";

export async function metricsPage(ctx: AppContext) {
  const metrics = await listMetrics(ctx.db);
  return {
    metrics: metrics.map((m) => ({
      key: m.key,
      name: m.name,
      description: m.description,
      type: m.type,
      definition: m.type === "ratio" ? `Σ ${m.numerator} ÷ Σ ${m.denominator}` : (m.event ?? ""),
      higherIsBetter: m.higherIsBetter,
      windowHours: m.windowHours,
    })),
  };
}
