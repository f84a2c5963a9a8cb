import { type SQL, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { timestamptz } from "#db/sql-helpers";
import { withTemporaryTables } from "#db/temporary-table";
import {
  type ExperimentSums,
  type ExperimentSumsInput,
  columnCombines,
  type PerUnitLayout,
  parseSums,
  perUnitLayout,
  perUnitRows,
  unitCountsQuery,
  variantTotals,
} from "./experiment-per-unit";
import { experimentSumsHistory, hasPercentileCap, historyFromBuckets } from "./experiment-history";
import { countEventHours, recountEventHours, totalEvents } from "./experiment-metric-events";
import {
  applyDelta,
  rollupState,
  storeRebuiltFigures,
  type VariantTotalsRow,
  writeState,
} from "./experiment-rollup-state";
import { rollupSumsAt } from "./experiment-rollup-midnight";
import { UNIT_BUCKETS, withUnitBuckets } from "./experiment-unit-buckets";
import { fromRollup, storedValues, unpackValues } from "./experiment-unit-values";
import { currentVisibility, notVisibleIn, precedes, type RowVisibility, visibleIn } from "./row-visibility";

/*
 * The latest results of a running experiment from a per-unit rollup (experiment_unit_values):
 * each run updates only the units whose values can have changed since the previous run, and
 * moves the per-variant totals kept in its state row by what they changed
 * (experiment-rollup-state.ts). The rollup counts exactly the event rows a recorded snapshot saw
 * (row-visibility.ts) with timestamps before its end. A unit's values depend on the end only
 * through events and assignments whose time falls between the previous end and this one, so
 *   - a unit whose assignment was written or moved since the last run, or whose assignment time
 *     the end has just reached, is recomputed from all its events;
 *   - every other unit's values change only by the events the last run did not count: those it
 *     could not see, and those timed in [previous end, this end). Sums and counts add; a
 *     proportion's "any event" is the larger of the two. Only those events are read.
 * Anything else — new metrics, CUPED toggled, an end earlier than the rollup's — rebuilds it.
 */

export interface RollupSums extends ExperimentSums {
  mode: "rebuilt" | "incremental";
  /** Units whose values this run recomputed. */
  unitsRecomputed: number;
  /** Metric events in the analysis window, assigned or not. */
  metricEvents: number;
}

export async function rollupSums(handle: DbHandle, input: ExperimentSumsInput): Promise<RollupSums> {
  return (await upToDate(handle, input)).latest;
}

/** The rollup brought up to `input.end`, incrementally if it can be: its sums and per-variant totals. */
async function upToDate(handle: DbHandle, input: ExperimentSumsInput): Promise<Rolled> {
  const layout = perUnitLayout(input);
  // One transaction holding the rollup's state row: two runs of one experiment at once would
  // otherwise both add their changes to the stored totals. The second waits, then finds little new.
  const run = await handle.transaction(async (tx) => {
    const state = await rollupState(tx, input, { lock: true });
    if (!state.usable) return null;
    const watermark = await clock(tx);
    const seen = await currentVisibility(tx);
    if (!precedes(state.visibility, seen)) return null;
    const { written, delta } = await updateUnits(tx, input, layout, state, seen);
    const totals = state.totals
      ? applyDelta(state.totals, delta.plus, delta.minus)
      : await sumRollup(tx, input, layout);
    const eventHours = state.eventHours
      ? await recountEventHours(tx, layout, state.eventHours, new Date(state.visibility.before), state.endAt)
      : await countEventHours(tx, layout);
    await writeState(tx, input, layout, watermark, seen, { totals, eventHours });
    return { written, totals, metricEvents: totalEvents(eventHours), seen };
  });
  if (!run) return rebuildWithHistory(handle, input, []);
  const latest = await totals(handle, input, layout, run, { mode: "incremental", written: run.written });
  return { latest, totals: run.totals, seen: run.seen, history: [] };
}

export interface Rolled {
  latest: RollupSums;
  /** The rollup's per-variant totals at the end (what `latest` was parsed from). */
  totals: VariantTotalsRow[];
  /** The event rows the rollup counts. */
  seen: RowVisibility;
  history: Array<{ asOf: Date; sums: ExperimentSums }>;
}

/**
 * The latest sums and those as of each of `midnights` (ascending, before the end). With a usable
 * rollup, the rollup is brought up to the end and each midnight is read from it (rollupSumsAt),
 * so a scheduled run that crosses midnight costs one more pass over the rollup, not a pass over
 * the history. Otherwise (a first run, a changed analysis, a midnight before the rollup's end)
 * one pass over the data gives the history and rebuilds the rollup.
 */
export async function rollupSumsWithHistory(
  handle: DbHandle,
  input: ExperimentSumsInput,
  midnights: Date[],
): Promise<{ latest: RollupSums; history: Array<{ asOf: Date; sums: ExperimentSums }> }> {
  const state = await rollupState(handle, input);
  if (!state.usable || midnights.some((m) => m < new Date(state.endAt))) {
    return rebuildWithHistory(handle, input, midnights);
  }
  const rolled = await upToDate(handle, input);
  const history: Array<{ asOf: Date; sums: ExperimentSums }> = [];
  for (const asOf of midnights) history.push({ asOf, sums: await rollupSumsAt(handle, input, asOf, rolled) });
  return { latest: rolled.latest, history };
}

/**
 * Rebuilds the rollup from one pass (experiment-unit-buckets.ts) and reads the history of
 * `midnights` from the same pass. The rollup is replaced in one transaction, so a crash leaves
 * the previous one (and its state) or the new one, never a half-built rollup read as complete.
 */
async function rebuildWithHistory(
  handle: DbHandle,
  input: ExperimentSumsInput,
  midnights: Date[],
): Promise<Rolled> {
  const layout = perUnitLayout(input);
  const watermark = await clock(handle);
  const seen = await currentVisibility(handle);
  const percentile = hasPercentileCap(input);
  const { history, written } = await withUnitBuckets(
    handle,
    input,
    async (tx) => {
      const fromBuckets = percentile ? [] : await historyFromBuckets(tx, input, midnights);
      await tx.rows(sql`delete from experiment_unit_values where experiment_id = ${input.experimentId}`);
      const [row] = await tx.rows<{ scanned: string | number | null; units: string | number }>(sql`
      with ins as (
        insert into experiment_unit_values (experiment_id, unit, variant_id, vals)
        select ${input.experimentId}, unit, variant_id, array[${sql.join(unitValuesFromBuckets(input, layout), sql`, `)}]::float8[]
        from ${UNIT_BUCKETS}
        group by unit, variant_id
        returning vals[2] as scanned
      )
      select sum(scanned) as scanned, count(*) as units from ins`);
      await writeState(tx, input, layout, watermark, seen, { totals: null, eventHours: null });
      return {
        history: fromBuckets,
        written: { scanned: Number(row?.scanned ?? 0), units: Number(row?.units ?? 0) },
      };
    },
    seen,
  );
  // The next run's plans need the table's new size: with the statistics of an empty table the
  // planner read 1M rollup rows through the index, 3–5× slower than a scan (measured).
  await handle.rows(sql`analyze experiment_unit_values`);
  const sum = await sumRollup(handle, input, layout);
  const eventHours = await countEventHours(handle, layout);
  await storeRebuiltFigures(handle, input, layout, watermark, { totals: sum, eventHours });
  const run = { totals: sum, metricEvents: totalEvents(eventHours) };
  const latest = await totals(handle, input, layout, run, { mode: "rebuilt", written });
  return {
    latest,
    totals: sum,
    seen,
    history: percentile ? await experimentSumsHistory(handle, input, midnights) : history,
  };
}

/**
 * The rollup's per-unit values from the bucket increments, in the layout's column order: counts
 * and sums add up over a unit's buckets, a proportion is 1 once the unit has any event.
 */
function unitValuesFromBuckets(input: ExperimentSumsInput, layout: PerUnitLayout): SQL[] {
  return layout.columns.map(({ name }) => {
    if (name === "matched" || name === "scanned") return sql.raw(`sum(${name})`);
    if (name === "in_window") return sql.raw("max(in_window)");
    // A proportion's increments are event counts; its value is whether there was any.
    const total = sql.raw(`sum(i${name})`);
    return columnCombines(input, name) === "any" ? sql`(${total} > 0)::int` : total;
  });
}

async function clock(handle: DbHandle): Promise<string> {
  const [row] = await handle.rows<{ now: string }>(sql`select clock_timestamp()::text as now`);
  return row?.now ?? new Date().toISOString();
}

/** Per-variant totals over every unit of the rollup as it now stands. */
async function sumRollup(
  handle: DbHandle,
  input: ExperimentSumsInput,
  layout: PerUnitLayout,
): Promise<VariantTotalsRow[]> {
  const rows = await handle.rows<Record<string, unknown>>(variantTotals(layout, fromRollup(input, layout)));
  return applyDelta(rows);
}

/** The sums from the rollup's per-variant totals and metric-event count, with the unit counts. */
async function totals(
  handle: DbHandle,
  input: ExperimentSumsInput,
  layout: PerUnitLayout,
  { totals: rows, metricEvents }: { totals: VariantTotalsRow[]; metricEvents: number },
  run: { mode: RollupSums["mode"]; written: { scanned: number; units: number } },
): Promise<RollupSums> {
  const units = await handle.rows<{ variant_id: number; n: string | number }>(unitCountsQuery(input, layout));
  const sums = parseSums(rows, units, metricEvents, input);
  return {
    ...sums,
    metricEvents,
    // What this run read from events, not what the rollup holds.
    eventsScanned: run.written.scanned,
    mode: run.mode,
    unitsRecomputed: run.written.units,
  };
}

/**
 * Brings the stored values of every unit whose values moved since the state's run up to this
 * run's end and snapshot (`seen`), in the caller's transaction (see the comment at the top), and
 * returns the per-variant totals of the new values (`plus`) and of the values they replace
 * (`minus`): the change to the rollup's totals.
 */
async function updateUnits(
  handle: DbHandle,
  input: ExperimentSumsInput,
  layout: PerUnitLayout,
  state: { endAt: string; visibility: RowVisibility },
  seen: RowVisibility,
): Promise<{
  written: { scanned: number; units: number };
  delta: { plus: VariantTotalsRow[]; minus: VariantTotalsRow[] };
}> {
  const prevEnd = timestamptz(state.endAt);
  const counted = state.visibility;
  const reassigned = sql`
    select a.unit from assignments a
    where a.experiment_id = ${input.experimentId}
      and (${notVisibleIn(counted, "a", "recorded_at")}
        or (a.assigned_at >= ${prevEnd} and a.assigned_at < ${layout.endTs}))`;
  // The events the last run did not count: those it could not see (found by arrival, BRIN), and
  // those it saw but timed at or after its end (found by name and time).
  const uncounted = sql`
    select e.unit, e.name, e.ts, e.value from events e
    where ${layout.eventFilter("e")} and e.ts >= ${layout.eventsFrom}
      and ${notVisibleIn(counted, "e")} and ${visibleIn(seen, "e")}
    union all
    select e.unit, e.name, e.ts, e.value from events e
    where ${layout.eventFilter("e")} and e.ts >= ${prevEnd} and e.ts >= ${layout.eventsFrom}
      and ${visibleIn(counted, "e")}`;
  const old = (i: number) => sql.raw(`coalesce(v.vals[${i + 1}], 0)`);
  const merged = layout.columns.map(({ name }, i) => {
    const added = sql.raw(`n.${name}`);
    return columnCombines(input, name) === "any"
      ? sql`greatest(${old(i)}, ${added})`
      : sql`${old(i)} + ${added}`;
  });
  const updated = sql`
    with recomputed as (${perUnitRows(input, layout, { units: sql`select unit from ${REASSIGNED}`, visibleTo: seen })}),
      added as (${perUnitRows(input, layout, {
        units: sql`select unit from ${UNCOUNTED} except select unit from ${REASSIGNED}`,
        events: UNCOUNTED,
        probe: true,
      })})
    select r.*, r.scanned as events_read, v.variant_id as old_variant_id, v.vals as old_vals
    from recomputed r left join lateral (${storedValues(input, sql`r.unit`)}) v on true
    union all
    select n.variant_id, n.unit, ${sql.join(merged, sql`, `)}, n.scanned as events_read,
      v.variant_id, v.vals
    from added n left join lateral (${storedValues(input, sql`n.unit`)}) v on true`;
  const values = sql.join(
    layout.columns.map((c) => sql.raw(`p.${c.name}`)),
    sql`, `,
  );
  // 64 MB: the per-unit sort of ~10 rows per recomputed unit spilled to disk at the default 4 MB
  // (74 MB external merge for 110,000 units, measured).
  const tables = [
    { name: REASSIGNED, query: reassigned },
    { name: UNCOUNTED, query: uncounted },
    { name: UPDATED, query: updated },
  ];
  return withTemporaryTables(handle, tables, { workMemMb: 64, analyze: true }, async (tx) => {
    const plus = await tx.rows<Record<string, unknown>>(variantTotals(layout, sql`select * from ${UPDATED}`));
    // The values they replace were read with them: no second lookup in the rollup.
    const minus = await tx.rows<Record<string, unknown>>(
      variantTotals(layout, unpackValues(layout, sql`${UPDATED} where old_variant_id is not null`, "old_")),
    );
    const [row] = await tx.rows<{ scanned: string | number | null; units: string | number }>(sql`
      select sum(events_read) as scanned, count(*) as units from ${UPDATED}`);
    await tx.rows(sql`
      insert into experiment_unit_values (experiment_id, unit, variant_id, vals)
      select ${input.experimentId}, p.unit, p.variant_id, array[${values}]::float8[]
      from ${UPDATED} p
      on conflict (experiment_id, unit) do update set variant_id = excluded.variant_id, vals = excluded.vals`);
    return {
      written: { scanned: Number(row?.scanned ?? 0), units: Number(row?.units ?? 0) },
      delta: { plus: applyDelta(plus), minus: applyDelta(minus) },
    };
  });
}

/** Units to recompute whole (see withTemporaryTables). */
const REASSIGNED = sql.raw("experiment_reassigned_units_tmp");
/** Event rows the previous run did not count. */
const UNCOUNTED = sql.raw("experiment_uncounted_events_tmp");
/** The updated units' new values, with the events read for each. */
const UPDATED = sql.raw("experiment_updated_units_tmp");

/** Experiments stopped before `before` get no more refreshes: their per-unit rollups can go. */
export async function dropRollupsStoppedBefore(handle: DbHandle, before: Date): Promise<void> {
  // The ids first: as a semi-join, the planner scanned the whole rollup table on every run even
  // with nothing to drop (4 s at 1M rows, measured).
  const finished = await handle.rows<{ id: number }>(sql`
    select e.id from experiments e join experiment_rollups r on r.experiment_id = e.id
    where e.status = 'stopped' and e.stopped_at < ${timestamptz(before)}`);
  for (const { id } of finished) {
    await handle.rows(sql`delete from experiment_rollups where experiment_id = ${id}`);
    await handle.rows(sql`delete from experiment_unit_values where experiment_id = ${id}`);
  }
}
