import type { DbHandle } from "#db/client";
import { dropRollupsStoppedBefore, rollupSums, rollupSumsWithHistory } from "#db/queries/experiment-rollup";
import {
  deleteExperimentSnapshotsBetween,
  experimentSnapshotTimes,
  upsertExperimentSnapshot,
} from "#db/queries/experiment-snapshots";
import { breakdownSums } from "#db/queries/experiment-breakdowns";
import { type ExperimentSums, type ExperimentSumsInput, experimentSums } from "#db/queries/experiment-sums";
import {
  conflictingUnits,
  outOfRangeEvents,
  type OutsideWindow,
  outsideAnalysisWindow,
  unitsPerDay,
} from "#db/queries/experiment-quality";
import { type ExperimentWithArms, listExperimentsToRefresh } from "#db/queries/experiments";
import type { ResultsDocument } from "#lib/contracts/results";
import { experimentObservations } from "./alert-conditions";
import { evaluateAlertRules } from "./alert-evaluation";
import { buildResultsDocument, type ResultsInput } from "./results-document";
import { type JobDefinition, forEachItem } from "./types";

/** Stopped experiments keep being refreshed this long, so late-arriving events still count. */
const STOPPED_GRACE_MS = 3 * 24 * 3600_000;
/** CUPED pre-period: each unit's metric in the 14 days before its assignment (GrowthBook's default). */
export const CUPED_LOOKBACK_HOURS = 14 * 24;
/** Daily history reaches at most this far back. */
const MAX_BACKFILL_DAYS = 90;
const DAY_MS = 24 * 3600_000;
const EXPERIMENT_ALERT_KINDS = ["srm", "guardrail", "metric_significant"] as const;

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
 * Computes the snapshot as of `now` (or the stop time), fills a snapshot at each missing UTC
 * midnight since the start — on a first run all of them from the one pass that builds the
 * per-unit rollup, so a new deployment's history is complete after its first run; later, by
 * moving the rollup forward through the midnight — and drops earlier same-day snapshots so
 * history stays one point per day plus the latest.
 */
export async function refreshExperiment(db: DbHandle, design: ExperimentWithArms, now: Date) {
  const { experiment } = design;
  if (!experiment.startedAt) return { rowsScanned: 0 };
  const end = experiment.stoppedAt && experiment.stoppedAt < now ? experiment.stoppedAt : now;
  const have = new Set((await experimentSnapshotTimes(db, experiment.id)).map((t) => t.getTime()));
  // A midnight equal to the end is the latest snapshot itself.
  const days = dayBoundaries(experiment.startedAt, end).filter(
    (d) => !have.has(d.getTime()) && d.getTime() < end.getTime(),
  );

  const input = sumsInput(design, end);
  const { latest: sums, history } = await rollupSumsWithHistory(db, input, days);
  const quality = await qualityUpTo(db, design, input.start, end);
  const snapshots = history.map(({ asOf, sums: daySums }) => ({
    asOf,
    document: documentOf(design, asOf, now, daySums, quality(asOf)),
  }));
  const latest = await withBreakdowns(db, design, input, sums, now, quality);
  // A rebuild read each event once for the history and the rollup; stepping through midnights reads some twice.
  const rowsScanned =
    sums.eventsScanned +
    (sums.mode === "rebuilt" ? 0 : history.reduce((acc, h) => acc + h.sums.eventsScanned, 0));
  const dayStart = new Date(Math.floor(end.getTime() / DAY_MS) * DAY_MS);
  // The snapshots and the alerts they raise or resolve commit together.
  await db.transaction(async (tx) => {
    for (const { asOf, document } of [...snapshots, { asOf: end, document: latest }]) {
      await upsertExperimentSnapshot(tx, {
        experimentId: experiment.id,
        asOf,
        computedAt: now,
        result: document,
      });
    }
    await deleteExperimentSnapshotsBetween(tx, experiment.id, dayStart, end);
    await evaluateAlertRules(
      tx,
      EXPERIMENT_ALERT_KINDS,
      (rule) => experimentObservations(rule, experiment, latest),
      now,
    );
  });
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

function sumsInput(design: ExperimentWithArms, asOf: Date): ExperimentSumsInput {
  const { experiment, metrics: links } = design;
  return {
    experimentId: experiment.id,
    metrics: links.map(({ metric: m }) => ({
      type: m.type,
      event: m.event,
      numerator: m.numerator,
      denominator: m.denominator,
      windowHours: m.windowHours,
      capping: m.capping,
    })),
    start: experiment.startedAt ?? asOf,
    end: asOf,
    cupedLookbackHours: experiment.settings.cuped ? CUPED_LOOKBACK_HOURS : null,
  };
}

/** The results document for one experiment as of one time. */
export async function computeResults(
  db: DbHandle,
  design: ExperimentWithArms,
  asOf: Date,
  computedAt: Date,
  source: "full" | "rollup",
): Promise<{ document: ResultsDocument; scanned: number }> {
  const input = sumsInput(design, asOf);
  const sums = await (source === "rollup" ? rollupSums : experimentSums)(db, input);
  const quality = await qualityUpTo(db, design, input.start, asOf);
  const document =
    source === "rollup"
      ? await withBreakdowns(db, design, input, sums, computedAt, quality)
      : documentOf(design, asOf, computedAt, sums, quality(asOf));
  return { document, scanned: sums.eventsScanned };
}

/** The latest document, with its dimension breakdowns summed from the rollup this run just brought up to date. */
async function withBreakdowns(
  db: DbHandle,
  design: ExperimentWithArms,
  input: ExperimentSumsInput,
  sums: ExperimentSums,
  computedAt: Date,
  quality: (asOf: Date) => Quality,
): Promise<ResultsDocument> {
  const breakdowns = [];
  for (const dimension of design.experiment.settings.dimensions ?? []) {
    const cells = await breakdownSums(db, input, dimension);
    breakdowns.push({
      dimension,
      cells: cells.map((c) => ({ value: c.value, kind: c.kind, sums: c.sums.metrics, units: c.sums.units })),
    });
  }
  return documentOf(design, input.end, computedAt, sums, quality(input.end), breakdowns);
}

interface Quality {
  unitsPerDay: Array<{ day: string; counts: Record<string, number> }>;
  conflicts: number;
  outsideWindow: OutsideWindow;
  outOfRangeEvents: number;
}

/** Data-quality figures up to `end`, read once; the result slices them for any as-of time ≤ end. */
async function qualityUpTo(db: DbHandle, design: ExperimentWithArms, start: Date, end: Date) {
  const { experiment, variants: arms, metrics: links } = design;
  const { days: perDay, beforeStart } = await unitsPerDay(db, experiment.id, start, end);
  const keyOf = new Map(arms.map((a) => [a.id, a.key]));
  const days = new Map<string, Record<string, number>>();
  for (const row of perDay) {
    const counts = days.get(row.day) ?? Object.fromEntries(arms.map((a) => [a.key, 0]));
    counts[keyOf.get(row.variantId) ?? String(row.variantId)] = row.units;
    days.set(row.day, counts);
  }
  const conflicts = await conflictingUnits(db, experiment.id);
  const stop = experiment.stoppedAt && experiment.stoppedAt <= end ? experiment.stoppedAt : null;
  const metricEvents = links.flatMap(({ metric: m }) => [m.event, m.numerator, m.denominator]);
  const window = { start, metricEvents: [...new Set(metricEvents.filter((n): n is string => n !== null))] };
  const running: OutsideWindow = {
    assignmentsBeforeStart: beforeStart,
    assignmentsAfterStop: 0,
    eventsAfterStop: 0,
  };
  const stopped = stop ? await outsideAnalysisWindow(db, experiment.id, { ...window, stop }) : running;
  const outOfRange = await outOfRangeEvents(db, { ...window, end });
  return (asOf: Date): Quality => {
    // Assignments before asOf fall on days up to asOf's date; a midnight's own date is excluded.
    const lastDay = new Date(asOf.getTime() - 1).toISOString().slice(0, 10);
    return {
      unitsPerDay: [...days].filter(([day]) => day <= lastDay).map(([day, counts]) => ({ day, counts })),
      conflicts,
      outsideWindow: stop && stop <= asOf ? stopped : running,
      outOfRangeEvents: outOfRange.filter((r) => r.ts < asOf).reduce((acc, r) => acc + r.events, 0),
    };
  };
}

function documentOf(
  design: ExperimentWithArms,
  asOf: Date,
  computedAt: Date,
  sums: ExperimentSums,
  quality: Quality,
  breakdowns: ResultsInput["breakdowns"] = [],
): ResultsDocument {
  const { experiment, variants: arms, metrics: links } = design;
  return buildResultsDocument({
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
      capping: l.metric.capping,
    })),
    sums: sums.metrics,
    caps: sums.caps,
    units: sums.units,
    unitsPerDay: quality.unitsPerDay,
    assignmentConflicts: quality.conflicts,
    unassignedEvents: sums.unassignedEvents,
    outsideWindow: quality.outsideWindow,
    outOfRangeEvents: quality.outOfRangeEvents,
    breakdowns,
  });
}
