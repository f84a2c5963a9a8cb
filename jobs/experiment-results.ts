import { and, asc, eq, gte, or, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { rollupSums } from "#db/queries/experiment-rollup";
import { experimentSums } from "#db/queries/experiment-sums";
import { conflictingUnits, unitsPerDay } from "#db/queries/experiment-quality";
import { experimentMetrics, experimentSnapshots, experiments, metrics, variants } from "#db/schema";
import { buildResultsDocument, type ResultsDocument } from "./results-document";
import { type JobDefinition, forEachItem } from "./types";

/** Stopped experiments keep being refreshed this long, so late-arriving events still count. */
const STOPPED_GRACE_MS = 3 * 24 * 3600_000;
/** CUPED pre-period: each unit's metric in the 14 days before its assignment (GrowthBook's default). */
export const CUPED_LOOKBACK_HOURS = 14 * 24;
/** Daily history is backfilled at most this far back per run. */
const MAX_BACKFILL_DAYS = 90;
/**
 * Each missing midnight costs one pass over the experiment's events; a run fills at most this
 * many (the most recent first) so one long experiment cannot hold the job for minutes. Older
 * days fill in on the following runs.
 */
const BACKFILLS_PER_RUN = 7;
const DAY_MS = 24 * 3600_000;

type ExperimentRow = typeof experiments.$inferSelect;

export const experimentResultsJob: JobDefinition = {
  name: "experiment-results",
  description:
    "Per-variant sufficient statistics in SQL → significance, SRM, corrections; one snapshot per run and per day",
  defaultSchedule: "*/15 * * * *",
  async run({ db, now, log, target }) {
    const list = await db.db
      .select()
      .from(experiments)
      .where(
        and(
          target?.experiment ? eq(experiments.key, target.experiment) : undefined,
          or(
            eq(experiments.status, "running"),
            and(
              eq(experiments.status, "stopped"),
              gte(experiments.stoppedAt, new Date(now.getTime() - STOPPED_GRACE_MS)),
            ),
            // A manual refresh of one experiment also works long after it stopped.
            target?.experiment ? eq(experiments.status, "stopped") : undefined,
          ),
        ),
      )
      .orderBy(asc(experiments.id));
    const result = await forEachItem(
      list,
      (e) => `experiment ${e.key}`,
      (e) => refreshExperiment(db, e, now),
      log,
    );
    if (!target) await dropFinishedRollups(db, new Date(now.getTime() - STOPPED_GRACE_MS));
    return result;
  },
};

/** Experiments stopped before `before` get no more refreshes: their per-unit rollups can go. */
async function dropFinishedRollups(db: DbHandle, before: Date) {
  const finished = sql`select id from experiments where status = 'stopped' and stopped_at < ${before.toISOString()}::timestamptz`;
  await db.rows(sql`delete from experiment_rollups where experiment_id in (${finished})`);
  await db.rows(sql`delete from experiment_unit_values where experiment_id in (${finished})`);
}

/**
 * Computes the snapshot as of `now` (or the stop time), backfills a snapshot at each missing
 * UTC midnight since the start so the history has one point per day, and drops earlier
 * same-day snapshots so history stays one point per day plus the latest.
 */
export async function refreshExperiment(db: DbHandle, experiment: ExperimentRow, now: Date) {
  if (!experiment.startedAt) return { rowsScanned: 0 };
  const end = experiment.stoppedAt && experiment.stoppedAt < now ? experiment.stoppedAt : now;
  const existing = await db.db
    .select({ asOf: experimentSnapshots.asOf })
    .from(experimentSnapshots)
    .where(eq(experimentSnapshots.experimentId, experiment.id));
  const have = new Set(existing.map((s) => s.asOf.getTime()));
  const days = dayBoundaries(experiment.startedAt, end)
    .filter((d) => !have.has(d.getTime()))
    .slice(-BACKFILLS_PER_RUN);

  const design = await loadDesign(db, experiment);
  let rowsScanned = 0;
  for (const asOf of [...days, end]) {
    // The latest snapshot comes from the incrementally maintained rollup; past midnights, once
    // each, from the one-pass query.
    const source = asOf === end ? "rollup" : "full";
    const { document, scanned } = await computeResults(db, design, asOf, now, source);
    rowsScanned += scanned;
    await db.db
      .insert(experimentSnapshots)
      .values({
        experimentId: experiment.id,
        asOf,
        computedAt: now,
        result: document as unknown as Record<string, unknown>,
      })
      .onConflictDoUpdate({
        target: [experimentSnapshots.experimentId, experimentSnapshots.asOf],
        set: { computedAt: now, result: document as unknown as Record<string, unknown> },
      });
  }
  const dayStart = new Date(Math.floor(end.getTime() / DAY_MS) * DAY_MS);
  await db.db.execute(sql`
    delete from experiment_snapshots
    where experiment_id = ${experiment.id}
      and as_of > ${dayStart.toISOString()}::timestamptz and as_of < ${end.toISOString()}::timestamptz`);
  return { rowsScanned };
}

/** UTC midnights strictly after `start` and at or before `end`, the latest MAX_BACKFILL_DAYS of them. */
function dayBoundaries(start: Date, end: Date): Date[] {
  const out: Date[] = [];
  for (let t = Math.floor(start.getTime() / DAY_MS) * DAY_MS + DAY_MS; t <= end.getTime(); t += DAY_MS) {
    out.push(new Date(t));
  }
  return out.slice(-MAX_BACKFILL_DAYS);
}

/** An experiment's arms and metrics: read once per refresh, shared by all its snapshots. */
export interface ExperimentDesign {
  experiment: ExperimentRow;
  arms: Array<typeof variants.$inferSelect>;
  links: Array<{ role: string; metric: typeof metrics.$inferSelect }>;
}

export async function loadDesign(db: DbHandle, experiment: ExperimentRow): Promise<ExperimentDesign> {
  const arms = await db.db
    .select()
    .from(variants)
    .where(eq(variants.experimentId, experiment.id))
    .orderBy(asc(variants.position));
  const links = await db.db
    .select({ role: experimentMetrics.role, metric: metrics })
    .from(experimentMetrics)
    .innerJoin(metrics, eq(metrics.id, experimentMetrics.metricId))
    .where(eq(experimentMetrics.experimentId, experiment.id))
    .orderBy(asc(experimentMetrics.position));
  return { experiment, arms, links };
}

/** The results document for one experiment as of one time. */
export async function computeResults(
  db: DbHandle,
  design: ExperimentDesign,
  asOf: Date,
  computedAt: Date,
  source: "full" | "rollup",
): Promise<{ document: ResultsDocument; scanned: number }> {
  const { experiment, arms, links } = design;
  const metricList = links.map((l) => l.metric);

  const sums = await (source === "rollup" ? rollupSums : experimentSums)(db, {
    experimentId: experiment.id,
    metrics: metricList.map((m) => ({
      type: m.type as "proportion" | "mean" | "ratio",
      event: m.event,
      numerator: m.numerator,
      denominator: m.denominator,
      windowHours: m.windowHours,
    })),
    start: experiment.startedAt ?? asOf,
    end: asOf,
    cupedLookbackHours: experiment.settings.cuped ? CUPED_LOOKBACK_HOURS : null,
  });
  const perDay = await unitsPerDay(db, experiment.id, asOf);
  const keyOf = new Map(arms.map((a) => [a.id, a.key]));
  const days = new Map<string, Record<string, number>>();
  for (const row of perDay) {
    const counts = days.get(row.day) ?? Object.fromEntries(arms.map((a) => [a.key, 0]));
    counts[keyOf.get(row.variantId) ?? String(row.variantId)] = row.units;
    days.set(row.day, counts);
  }

  const document = buildResultsDocument({
    experimentKey: experiment.key,
    asOf,
    computedAt,
    settings: experiment.settings,
    variants: arms.map((a) => ({ key: a.key, id: a.id, weight: a.weight })),
    metrics: links.map((l) => ({
      key: l.metric.key,
      role: l.role as "primary" | "secondary" | "guardrail",
      type: l.metric.type as "proportion" | "mean" | "ratio",
      higherIsBetter: l.metric.higherIsBetter,
    })),
    sums: sums.metrics,
    units: sums.units,
    unitsPerDay: [...days].map(([day, counts]) => ({ day, counts })),
    assignmentConflicts: await conflictingUnits(db, experiment.id),
    unassignedEvents: sums.unassignedEvents,
  });
  return { document, scanned: sums.eventsScanned };
}
