import { asc, inArray } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { metrics } from "#db/schema";

export type MetricRow = typeof metrics.$inferSelect;

/** Inserts a metric; undefined when its key is taken. */
export async function insertMetric(
  handle: DbHandle,
  values: typeof metrics.$inferInsert,
): Promise<MetricRow | undefined> {
  const [row] = await handle.db
    .insert(metrics)
    .values(values)
    .onConflictDoNothing({ target: metrics.key })
    .returning();
  return row;
}

/** By key. */
export async function listMetrics(handle: DbHandle): Promise<MetricRow[]> {
  return handle.db.select().from(metrics).orderBy(asc(metrics.key));
}

/** Metrics by key; keys that do not exist are absent. */
export async function metricsByKey(handle: DbHandle, keys: string[]): Promise<Map<string, MetricRow>> {
  if (keys.length === 0) return new Map();
  const rows = await handle.db.select().from(metrics).where(inArray(metrics.key, keys));
  return new Map(rows.map((r) => [r.key, r]));
}
