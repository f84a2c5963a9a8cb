import type { DbHandle } from "#db/client";
import { dropRollupsStoppedBefore, rollupSums } from "#db/queries/experiment-rollup";
import {
  deleteExperimentSnapshotsBetween,
  experimentSnapshotTimes,
  upsertExperimentSnapshot,
} from "#db/queries/experiment-snapshots";
import { experimentSums } from "#db/queries/experiment-sums";
import { conflictingUnits, outsideAnalysisWindow, unitsPerDay } from "#db/queries/experiment-quality";
import { type ExperimentWithArms, listExperimentsToRefresh } from "#db/queries/experiments";
import type { ResultsDocument } from "#lib/contracts/results";
import { buildResultsDocument } from "./results-document";
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

export const experimentResultsJob: JobDefinition = {
  name: "experiment-results",
  description:
    "Per-variant sufficient statistics in SQL → significance, SRM, corrections; one snapshot per run and per day",
  defaultSchedule: "*/15 * * * *",
  async run({ db, now, log, target }) {
    // Arms and metrics are read once per run, shared by all of an experiment's snapshots.
    const designs = await listExperimentsToRefresh(db, {
      key: target?.experiment,
      now,
      graceMs: STOPPED_GRACE_MS,
    });
    const result = await forEachItem(
      designs,
      (d) => `experiment ${d.experiment.key}`,
      (d) => refreshExperiment(db, d, now),
      log,
    );
    if (!target) await dropRollupsStoppedBefore(db, new Date(now.getTime() - STOPPED_GRACE_MS));
    return result;
  },
};

/**
 * Computes the snapshot as of `now` (or the stop time), backfills a snapshot at each missing
 * UTC midnight since the start so the history has one point per day, and drops earlier
 * same-day snapshots so history stays one point per day plus the latest.
 */
export async function refreshExperiment(db: DbHandle, design: ExperimentWithArms, now: Date) {
  const { experiment } = design;
  if (!experiment.startedAt) return { rowsScanned: 0 };
  const end = experiment.stoppedAt && experiment.stoppedAt < now ? experiment.stoppedAt : now;
  const have = new Set((await experimentSnapshotTimes(db, experiment.id)).map((t) => t.getTime()));
  const days = dayBoundaries(experiment.startedAt, end)
    .filter((d) => !have.has(d.getTime()))
    .slice(-BACKFILLS_PER_RUN);

  let rowsScanned = 0;
  for (const asOf of [...days, end]) {
    // The latest snapshot comes from the incrementally maintained rollup; past midnights, once
    // each, from the one-pass query.
    const source = asOf === end ? "rollup" : "full";
    const { document, scanned } = await computeResults(db, design, asOf, now, source);
    rowsScanned += scanned;
    await upsertExperimentSnapshot(db, {
      experimentId: experiment.id,
      asOf,
      computedAt: now,
      result: document,
    });
  }
  const dayStart = new Date(Math.floor(end.getTime() / DAY_MS) * DAY_MS);
  await deleteExperimentSnapshotsBetween(db, experiment.id, dayStart, end);
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

/** The results document for one experiment as of one time. */
export async function computeResults(
  db: DbHandle,
  design: ExperimentWithArms,
  asOf: Date,
  computedAt: Date,
  source: "full" | "rollup",
): Promise<{ document: ResultsDocument; scanned: number }> {
  const { experiment, variants: arms, metrics: links } = design;
  const metricList = links.map((l) => l.metric);

  const start = experiment.startedAt ?? asOf;
  const sums = await (source === "rollup" ? rollupSums : experimentSums)(db, {
    experimentId: experiment.id,
    metrics: metricList.map((m) => ({
      type: m.type,
      event: m.event,
      numerator: m.numerator,
      denominator: m.denominator,
      windowHours: m.windowHours,
    })),
    start,
    end: asOf,
    cupedLookbackHours: experiment.settings.cuped ? CUPED_LOOKBACK_HOURS : null,
  });
  const perDay = await unitsPerDay(db, experiment.id, start, asOf);
  const stop = experiment.stoppedAt && experiment.stoppedAt <= asOf ? experiment.stoppedAt : null;
  const metricEvents = metricList.flatMap((m) => [m.event, m.numerator, m.denominator]);
  const outsideWindow = await outsideAnalysisWindow(db, experiment.id, {
    start,
    stop,
    metricEvents: [...new Set(metricEvents.filter((n): n is string => n !== null))],
  });
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
      role: l.role,
      type: l.metric.type,
      higherIsBetter: l.metric.higherIsBetter,
    })),
    sums: sums.metrics,
    units: sums.units,
    unitsPerDay: [...days].map(([day, counts]) => ({ day, counts })),
    assignmentConflicts: await conflictingUnits(db, experiment.id),
    unassignedEvents: sums.unassignedEvents,
    outsideWindow,
  });
  return { document, scanned: sums.eventsScanned };
}
