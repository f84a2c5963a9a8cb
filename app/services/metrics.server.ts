import { asc, inArray } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { metrics } from "#db/schema";
import { conflict } from "#lib/errors";
import type { MetricCreate, MetricView } from "#lib/contracts/metrics";

export async function createMetric(handle: DbHandle, input: MetricCreate): Promise<MetricView> {
  const [row] = await handle.db
    .insert(metrics)
    .values({
      key: input.key,
      name: input.name,
      description: input.description ?? null,
      type: input.type,
      event: input.event ?? null,
      numerator: input.numerator ?? null,
      denominator: input.denominator ?? null,
      higherIsBetter: input.higherIsBetter,
      windowHours: input.windowHours ?? null,
    })
    .onConflictDoNothing({ target: metrics.key })
    .returning();
  if (!row)
    throw conflict(`A metric with key "${input.key}" already exists`, [
      { path: "key", message: "already exists" },
    ]);
  return toMetricView(row);
}

export async function listMetrics(handle: DbHandle): Promise<MetricView[]> {
  const rows = await handle.db.select().from(metrics).orderBy(asc(metrics.key));
  return rows.map(toMetricView);
}

/** Looks metrics up by key; the map lacks keys that do not exist. */
export async function metricsByKey(handle: DbHandle, keys: string[]) {
  if (keys.length === 0) return new Map<string, typeof metrics.$inferSelect>();
  const rows = await handle.db.select().from(metrics).where(inArray(metrics.key, keys));
  return new Map(rows.map((r) => [r.key, r]));
}

export function toMetricView(row: typeof metrics.$inferSelect): MetricView {
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    type: row.type as MetricView["type"],
    event: row.event,
    numerator: row.numerator,
    denominator: row.denominator,
    higherIsBetter: row.higherIsBetter,
    windowHours: row.windowHours,
    createdAt: row.createdAt.toISOString(),
  };
}
