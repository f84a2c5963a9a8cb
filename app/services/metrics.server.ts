import type { DbHandle } from "#db/client";
import { type MetricRow, insertMetric, listMetrics as listMetricRows } from "#db/queries/metrics";
import { conflict } from "#lib/errors";
import type { MetricCreate, MetricView } from "#lib/contracts/metrics";

export async function createMetric(handle: DbHandle, input: MetricCreate): Promise<MetricView> {
  const row = await insertMetric(handle, {
    key: input.key,
    name: input.name,
    description: input.description ?? null,
    type: input.type,
    event: input.event ?? null,
    numerator: input.numerator ?? null,
    denominator: input.denominator ?? null,
    higherIsBetter: input.higherIsBetter,
    windowHours: input.windowHours ?? null,
    capping: input.capping ?? null,
  });
  if (!row)
    throw conflict(`A metric with key "${input.key}" already exists`, [
      { path: "key", message: "already exists" },
    ]);
  return toMetricView(row);
}

export async function listMetrics(handle: DbHandle): Promise<MetricView[]> {
  return (await listMetricRows(handle)).map(toMetricView);
}

export function toMetricView(row: MetricRow): MetricView {
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    type: row.type,
    event: row.event,
    numerator: row.numerator,
    denominator: row.denominator,
    higherIsBetter: row.higherIsBetter,
    windowHours: row.windowHours,
    capping: row.capping,
    createdAt: row.createdAt.toISOString(),
  };
}
