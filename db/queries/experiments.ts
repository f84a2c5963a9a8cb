import { and, asc, eq, gte, inArray, or, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { experimentMetrics, experiments, metrics, variants } from "#db/schema";
import type { ExperimentStatus, MetricRole } from "#lib/vocabulary";

export type ExperimentRow = typeof experiments.$inferSelect;
export type VariantRow = typeof variants.$inferSelect;
export type MetricRow = typeof metrics.$inferSelect;

/** An experiment with its arms (control first) and its metric links (in the order given). */
export interface ExperimentWithArms {
  experiment: ExperimentRow;
  variants: VariantRow[];
  metrics: Array<{ role: MetricRole; metric: MetricRow }>;
}

export async function findExperimentByKey(handle: DbHandle, key: string): Promise<ExperimentRow | undefined> {
  const [row] = await handle.db.select().from(experiments).where(eq(experiments.key, key)).limit(1);
  return row;
}

/** Oldest first. */
export async function listExperiments(handle: DbHandle, status?: ExperimentStatus): Promise<ExperimentRow[]> {
  return handle.db
    .select()
    .from(experiments)
    .where(status ? eq(experiments.status, status) : undefined)
    .orderBy(asc(experiments.createdAt), asc(experiments.id));
}

/**
 * The experiments the results job refreshes: running ones, and stopped ones for `graceMs` after
 * their stop (late events still count); with `key`, only that one, even long after it stopped.
 */
export async function listExperimentsToRefresh(
  handle: DbHandle,
  input: { key?: string; now: Date; graceMs: number },
): Promise<ExperimentRow[]> {
  return handle.db
    .select()
    .from(experiments)
    .where(
      and(
        input.key ? eq(experiments.key, input.key) : undefined,
        or(
          eq(experiments.status, "running"),
          and(
            eq(experiments.status, "stopped"),
            gte(experiments.stoppedAt, new Date(input.now.getTime() - input.graceMs)),
          ),
          input.key ? eq(experiments.status, "stopped") : undefined,
        ),
      ),
    )
    .orderBy(asc(experiments.id));
}

/** The one reader of experiments with their arms and metrics: two indexed queries for any number of them. */
export async function loadExperimentsWithArms(
  handle: DbHandle,
  rows: ExperimentRow[],
): Promise<ExperimentWithArms[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const arms = await handle.db
    .select()
    .from(variants)
    .where(inArray(variants.experimentId, ids))
    .orderBy(asc(variants.position));
  const links = await handle.db
    .select({ experimentId: experimentMetrics.experimentId, role: experimentMetrics.role, metric: metrics })
    .from(experimentMetrics)
    .innerJoin(metrics, eq(metrics.id, experimentMetrics.metricId))
    .where(inArray(experimentMetrics.experimentId, ids))
    .orderBy(asc(experimentMetrics.position));
  return rows.map((experiment) => ({
    experiment,
    variants: arms.filter((v) => v.experimentId === experiment.id),
    metrics: links
      .filter((l) => l.experimentId === experiment.id)
      .map(({ role, metric }) => ({ role, metric })),
  }));
}

export async function loadExperimentWithArms(
  handle: DbHandle,
  key: string,
): Promise<ExperimentWithArms | undefined> {
  const row = await findExperimentByKey(handle, key);
  if (!row) return undefined;
  const [loaded] = await loadExperimentsWithArms(handle, [row]);
  return loaded;
}

/** Experiments by key with their arms and metrics; keys that do not exist are absent. */
export async function loadExperimentsWithArmsByKey(
  handle: DbHandle,
  keys: string[],
): Promise<Map<string, ExperimentWithArms>> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return new Map();
  const rows = await handle.db.select().from(experiments).where(inArray(experiments.key, unique));
  const loaded = await loadExperimentsWithArms(handle, rows);
  return new Map(loaded.map((e) => [e.experiment.key, e]));
}

/** Inserts an experiment; undefined when its key is taken. */
export async function insertExperiment(
  handle: DbHandle,
  values: typeof experiments.$inferInsert,
): Promise<ExperimentRow | undefined> {
  const [row] = await handle.db
    .insert(experiments)
    .values(values)
    .onConflictDoNothing({ target: experiments.key })
    .returning();
  return row;
}

export async function updateExperiment(
  handle: DbHandle,
  id: number,
  set: Partial<typeof experiments.$inferInsert>,
): Promise<void> {
  await handle.db.update(experiments).set(set).where(eq(experiments.id, id));
}

/**
 * A status change as one conditional UPDATE, so two concurrent calls cannot both succeed;
 * false when the experiment is missing or not in `from`.
 */
export async function changeExperimentStatus(
  handle: DbHandle,
  key: string,
  from: ExperimentStatus,
  set: Partial<typeof experiments.$inferInsert>,
): Promise<boolean> {
  const updated = await handle.db
    .update(experiments)
    .set(set)
    .where(and(eq(experiments.key, key), eq(experiments.status, from)))
    .returning({ id: experiments.id });
  return updated.length > 0;
}

/** An experiment's arms, replacing any it had; `position` is the order given (0 = control). */
export async function replaceVariants(
  handle: DbHandle,
  experimentId: number,
  list: Array<Omit<typeof variants.$inferInsert, "experimentId" | "position" | "id">>,
): Promise<void> {
  await handle.db.delete(variants).where(eq(variants.experimentId, experimentId));
  await handle.db.insert(variants).values(list.map((v, position) => ({ ...v, experimentId, position })));
}

/** An experiment's metric links, replacing any it had, in the order given. */
export async function replaceMetricLinks(
  handle: DbHandle,
  experimentId: number,
  links: Array<{ metricId: number; role: MetricRole }>,
): Promise<void> {
  await handle.db.delete(experimentMetrics).where(eq(experimentMetrics.experimentId, experimentId));
  await handle.db
    .insert(experimentMetrics)
    .values(links.map((l, position) => ({ experimentId, metricId: l.metricId, role: l.role, position })));
}

export async function countExperiments(handle: DbHandle): Promise<number> {
  const [row] = await handle.rows<{ n: number | string }>(sql`select count(*) as n from experiments`);
  return Number(row?.n ?? 0);
}
