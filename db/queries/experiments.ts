import { and, asc, eq, gte, inArray, or, type SQL, sql } from "drizzle-orm";
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

/** Oldest first, with their arms and metrics. */
export async function listExperimentsWithArms(
  handle: DbHandle,
  status?: ExperimentStatus,
): Promise<ExperimentWithArms[]> {
  return readExperimentsWithArms(handle, status ? eq(experiments.status, status) : undefined);
}

/**
 * The experiments the results job refreshes: running ones, and stopped ones for `graceMs` after
 * their stop (late events still count); with `key`, only that one, even long after it stopped.
 */
export async function listExperimentsToRefresh(
  handle: DbHandle,
  input: { key?: string; now: Date; graceMs: number },
): Promise<ExperimentWithArms[]> {
  return readExperimentsWithArms(
    handle,
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
    [asc(experiments.id)],
  );
}

/**
 * The one reader of experiments with their arms and metric links, oldest first unless told:
 * the experiments, then their arms and links side by side (on the ingestion path this measured
 * faster than one statement nesting both as JSON).
 */
async function readExperimentsWithArms(
  handle: DbHandle,
  where: SQL | undefined,
  orderBy: SQL[] = [asc(experiments.createdAt), asc(experiments.id)],
): Promise<ExperimentWithArms[]> {
  const rows = await handle.db
    .select()
    .from(experiments)
    .where(where)
    .orderBy(...orderBy);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [arms, links] = await Promise.all([
    handle.db
      .select()
      .from(variants)
      .where(inArray(variants.experimentId, ids))
      .orderBy(asc(variants.position)),
    handle.db
      .select({ experimentId: experimentMetrics.experimentId, role: experimentMetrics.role, metric: metrics })
      .from(experimentMetrics)
      .innerJoin(metrics, eq(metrics.id, experimentMetrics.metricId))
      .where(inArray(experimentMetrics.experimentId, ids))
      .orderBy(asc(experimentMetrics.position)),
  ]);
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
  const [loaded] = await readExperimentsWithArms(handle, eq(experiments.key, key));
  return loaded;
}

/** Experiments by key with their arms and metrics; keys that do not exist are absent. */
export async function loadExperimentsWithArmsByKey(
  handle: DbHandle,
  keys: string[],
): Promise<Map<string, ExperimentWithArms>> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return new Map();
  const loaded = await readExperimentsWithArms(handle, inArray(experiments.key, unique));
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
