import { createHash } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { timestamptz } from "#db/sql-helpers";
import {
  type ExperimentSums,
  type ExperimentSumsInput,
  metricEventsQuery,
  type PerUnitLayout,
  parseSums,
  perUnitLayout,
  perUnitRows,
  unitCountsQuery,
  variantTotals,
} from "./experiment-per-unit";
import { experimentSumsHistory, hasPercentileCap, historyFromBuckets } from "./experiment-history";
import { UNIT_BUCKETS, withUnitBuckets } from "./experiment-unit-buckets";

/*
 * The latest results of a running experiment from a per-unit rollup (experiment_unit_values):
 * each run recomputes only the units whose values can have changed since the previous run, then
 * sums the rollup per variant. A unit's values depend on the analysis end only through events
 * and assignments whose time falls between the previous end and this one, so the changed units
 * are exactly those with
 *   - events or assignment rows recorded since the last run (late or new data), or
 *   - events or an assignment time in [previous end, this end) (time passing).
 * Anything else — new metrics, CUPED toggled, an end earlier than the rollup's — rebuilds it.
 */

/** Rows written just before the watermark may commit just after it; re-reading them is harmless. */
const WATERMARK_OVERLAP = "5 minutes";

export interface RollupSums extends ExperimentSums {
  mode: "rebuilt" | "incremental";
  /** Units whose values this run recomputed. */
  unitsRecomputed: number;
  /** Metric events in the analysis window, assigned or not. */
  metricEvents: number;
}

export async function rollupSums(handle: DbHandle, input: ExperimentSumsInput): Promise<RollupSums> {
  const state = await rollupState(handle, input);
  if (!state.usable) return (await rebuildWithHistory(handle, input, [])).latest;
  const layout = perUnitLayout(input);
  const watermark = await clock(handle);
  const written = await upsertUnits(
    handle,
    input,
    layout,
    changedUnits(input, layout, state.endAt, state.watermark),
  );
  await writeState(handle, input, layout, watermark);
  return totals(handle, input, layout, { mode: "incremental", written });
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
  const latest = await rollupSums(handle, input);
  const history: Array<{ asOf: Date; sums: ExperimentSums }> = [];
  for (const asOf of midnights) history.push({ asOf, sums: await rollupSumsAt(handle, input, asOf, latest) });
  return { latest, history };
}

/**
 * The sums as of `asOf`, earlier than the rollup's end (`input.end`, summed in `latest`), without
 * moving the rollup: a unit's values differ between the two times only if it has metric events or
 * its assignment in [asOf, end), so those few units are recomputed as of `asOf` and every other
 * unit is read from the rollup. Metric events are the latest count minus those in [asOf, end).
 */
async function rollupSumsAt(
  handle: DbHandle,
  input: ExperimentSumsInput,
  asOf: Date,
  latest: RollupSums,
): Promise<ExperimentSums> {
  const at = { ...input, end: asOf };
  const layout = perUnitLayout(at);
  const since = timestamptz(asOf);
  const untilEnd = perUnitLayout(input);
  const touched = sql`
    select unit from events where ${untilEnd.eventFilter("")} and ts >= ${since}
    union
    select unit from assignments
    where experiment_id = ${input.experimentId} and assigned_at >= ${since} and assigned_at < ${untilEnd.endTs}`;
  const perUnit = sql`
    with touched as materialized (${touched})
    select * from (${fromRollup(input, layout)}) r where not exists (select 1 from touched t where t.unit = r.unit)
    union all
    ${perUnitRows(at, layout, sql`select unit from touched`)}`;
  const rows = await handle.rows<Record<string, unknown>>(variantTotals(layout, perUnit));
  const [recent] = await handle.rows<{ events: string | number }>(metricEventsQuery(untilEnd, since));
  const units = await handle.rows<{ variant_id: number; n: string | number }>(unitCountsQuery(at, layout));
  const sums = parseSums(rows, units, latest.metricEvents - Number(recent?.events ?? 0), at);
  // Read from the rollup, not from events: this run's reading is counted in `latest`.
  return { ...sums, eventsScanned: 0 };
}

async function rollupState(
  handle: DbHandle,
  input: ExperimentSumsInput,
): Promise<{ usable: false } | { usable: true; endAt: string; watermark: string }> {
  const fingerprint = fingerprintOf(input, perUnitLayout(input));
  const [state] = await handle.rows<{ fingerprint: string; end_at: string; watermark: string }>(sql`
    select fingerprint, end_at::text, watermark::text from experiment_rollups
    where experiment_id = ${input.experimentId}`);
  if (!state || state.fingerprint !== fingerprint || new Date(state.end_at) > input.end)
    return { usable: false };
  return { usable: true, endAt: state.end_at, watermark: state.watermark };
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
): Promise<{ latest: RollupSums; history: Array<{ asOf: Date; sums: ExperimentSums }> }> {
  const layout = perUnitLayout(input);
  const watermark = await clock(handle);
  const percentile = hasPercentileCap(input);
  const { history, written } = await withUnitBuckets(handle, input, async (tx) => {
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
    await writeState(tx, input, layout, watermark);
    return {
      history: fromBuckets,
      written: { scanned: Number(row?.scanned ?? 0), units: Number(row?.units ?? 0) },
    };
  });
  // The next run's plans need the table's new size: with the statistics of an empty table the
  // planner read 1M rollup rows through the index, 3–5× slower than a scan (measured).
  await handle.rows(sql`analyze experiment_unit_values`);
  const latest = await totals(handle, input, layout, { mode: "rebuilt", written });
  return { latest, history: percentile ? await experimentSumsHistory(handle, input, midnights) : history };
}

/**
 * The rollup's per-unit values from the bucket increments, in the layout's column order: counts
 * and sums add up over a unit's buckets, a proportion is 1 once the unit has any event.
 */
function unitValuesFromBuckets(input: ExperimentSumsInput, layout: PerUnitLayout): SQL[] {
  return layout.columns.map(({ name }) => {
    if (name === "matched" || name === "scanned") return sql.raw(`sum(${name})`);
    if (name === "in_window") return sql.raw("max(in_window)");
    const match = /^([ydx])(\d+)$/.exec(name);
    const metric = match ? input.metrics[Number(match[2])] : undefined;
    if (!match || !metric) throw new Error(`no bucket increment for rollup column ${name}`);
    const total = sql.raw(`sum(i${name})`);
    return metric.type === "proportion" && match[1] !== "d" ? sql`(${total} > 0)::int` : total;
  });
}

async function clock(handle: DbHandle): Promise<string> {
  const [row] = await handle.rows<{ now: string }>(sql`select clock_timestamp()::text as now`);
  return row?.now ?? new Date().toISOString();
}

async function writeState(
  handle: DbHandle,
  input: ExperimentSumsInput,
  layout: PerUnitLayout,
  watermark: string,
) {
  await handle.rows(sql`
    insert into experiment_rollups (experiment_id, fingerprint, end_at, watermark)
    values (${input.experimentId}, ${fingerprintOf(input, layout)}, ${timestamptz(input.end)}, ${timestamptz(watermark)})
    on conflict (experiment_id) do update
      set fingerprint = excluded.fingerprint, end_at = excluded.end_at, watermark = excluded.watermark`);
}

/** Per-variant totals of the rollup as it now stands, with the unit and event counts. */
async function totals(
  handle: DbHandle,
  input: ExperimentSumsInput,
  layout: PerUnitLayout,
  run: { mode: RollupSums["mode"]; written: { scanned: number; units: number } },
): Promise<RollupSums> {
  const rows = await handle.rows<Record<string, unknown>>(variantTotals(layout, fromRollup(input, layout)));
  const [counts] = await handle.rows<{ events: string | number }>(metricEventsQuery(layout));
  const units = await handle.rows<{ variant_id: number; n: string | number }>(unitCountsQuery(input, layout));
  const metricEvents = Number(counts?.events ?? 0);
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

/** Recomputes and stores the per-unit values of `units`. */
async function upsertUnits(
  handle: DbHandle,
  input: ExperimentSumsInput,
  layout: PerUnitLayout,
  units: SQL,
): Promise<{ scanned: number; units: number }> {
  const values = sql.join(
    layout.columns.map((c) => sql.raw(`p.${c.name}`)),
    sql`, `,
  );
  // The changed units are materialised once; both sides of the join are restricted to them.
  const statement = sql`
    with changed as materialized (${units}), ins as (
      insert into experiment_unit_values (experiment_id, unit, variant_id, vals)
      select ${input.experimentId}, p.unit, p.variant_id, array[${values}]::float8[]
      from (${perUnitRows(input, layout, sql`select unit from changed`)}) p
      on conflict (experiment_id, unit) do update set variant_id = excluded.variant_id, vals = excluded.vals
      returning vals[2] as scanned
    )
    select sum(scanned) as scanned, count(*) as units from ins`;
  const rows = await handle.transaction(async (tx) => {
    // The per-unit sort of ~10 rows per changed unit spilled to disk at the default 4 MB
    // (measured: 74 MB external merge for 110,000 units); this statement only may use more.
    await tx.rows(sql`set local work_mem = '64MB'`);
    // JIT compilation of the wide aggregate list costs more than it saves (experiment-unit-buckets.ts).
    await tx.rows(sql`set local jit = off`);
    return tx.rows<{ scanned: string | number | null; units: string | number }>(statement);
  });
  return { scanned: Number(rows[0]?.scanned ?? 0), units: Number(rows[0]?.units ?? 0) };
}

/** Units whose values may differ from the rollup's (see the comment at the top). */
function changedUnits(
  input: ExperimentSumsInput,
  layout: PerUnitLayout,
  previousEnd: string,
  watermark: string,
): SQL {
  const since = sql`${timestamptz(watermark)} - interval '${sql.raw(WATERMARK_OVERLAP)}'`;
  const prevEnd = timestamptz(previousEnd);
  return sql`
    select unit from events where received_at >= ${since} and ${layout.eventFilter("")}
    union
    select unit from events where ${layout.eventFilter("")} and ts >= ${prevEnd}
    union
    select unit from assignments
    where experiment_id = ${input.experimentId}
      and (recorded_at >= ${since} or (assigned_at >= ${prevEnd} and assigned_at < ${layout.endTs}))`;
}

/** The rollup as a per-unit relation with the layout's column names. */
export function fromRollup(input: ExperimentSumsInput, layout: PerUnitLayout): SQL {
  const columns = sql.join(
    layout.columns.map((c, i) => sql.raw(`vals[${i + 1}] as ${c.name}`)),
    sql`, `,
  );
  return sql`
    select variant_id, unit, ${columns} from experiment_unit_values
    where experiment_id = ${input.experimentId}`;
}

/** Everything the per-unit values depend on except the end. */
function fingerprintOf(input: ExperimentSumsInput, layout: PerUnitLayout): string {
  const basis = JSON.stringify({
    v: 1,
    experiment: input.experimentId,
    start: input.start.toISOString(),
    // Caps apply when the rollup is summed, so the stored values do not depend on them.
    metrics: input.metrics.map(({ capping: _capping, ...rest }) => rest),
    cuped: input.cupedLookbackHours,
    columns: layout.columns.map((c) => c.name),
  });
  return createHash("sha256").update(basis).digest("hex");
}

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
