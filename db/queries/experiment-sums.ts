import type { DbHandle } from "#db/client";
import {
  type ExperimentSums,
  type ExperimentSumsInput,
  metricEventsQuery,
  parseSums,
  perUnitLayout,
  perUnitRows,
  unitCountsQuery,
  variantTotals,
} from "./experiment-per-unit";

export type { ExperimentSums, ExperimentSumsInput, MetricSpec, VariantSums } from "./experiment-per-unit";

/**
 * Per-variant sufficient statistics for every metric of one experiment, in one pass: assigned
 * units ⋈ their metric events, summed per unit, then per variant. Only sums leave the database,
 * so they merge across shards and days. Used for any as-of time (daily history); the latest
 * snapshot of a running experiment comes from the rollup instead (experiment-rollup.ts).
 *
 * The join is INNER: a unit without events contributes 0 to every sum, so it only counts in n,
 * which comes from assignments alone. (A LEFT or FULL join would keep Postgres 15 from running
 * the join in parallel; measured 1.5–2× slower on 10M events.) Events from units never assigned
 * are total metric events minus those the join matched: one cheap count, no anti-join.
 */
export async function experimentSums(handle: DbHandle, input: ExperimentSumsInput): Promise<ExperimentSums> {
  const layout = perUnitLayout(input);
  const rows = await handle.rows<Record<string, unknown>>(variantTotals(layout, perUnitRows(input, layout)));
  const [counts] = await handle.rows<{ events: string | number }>(metricEventsQuery(layout));
  const units = await handle.rows<{ variant_id: number; n: string | number }>(unitCountsQuery(input, layout));
  return parseSums(rows, units, Number(counts?.events ?? 0), input);
}
