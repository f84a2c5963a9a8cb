import { sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { timestamptz } from "#db/sql-helpers";
import { withTemporaryTables } from "#db/temporary-table";
import { hasPercentileCap } from "./experiment-history";
import {
  columnCombines,
  type ExperimentSums,
  type ExperimentSumsInput,
  metricEventsQuery,
  parseSums,
  perUnitLayout,
  perUnitRows,
  unitCountsQuery,
  variantTotals,
} from "./experiment-per-unit";
import type { Rolled } from "./experiment-rollup";
import { applyDelta } from "./experiment-rollup-state";
import { fromRollup } from "./experiment-unit-values";
import { visibleIn } from "./row-visibility";

/**
 * The sums as of `asOf`, earlier than the rollup's end (`input.end`, summed in `latest`), without
 * moving the rollup: a unit's values differ between the two times only if it has metric events or
 * its assignment in [asOf, end). A unit assigned in that time has no values at `asOf`; for the
 * others the events in [asOf, end) are taken back out of the rollup's values — a sum or count
 * less their part — except where such an event is a proportion's event, which cannot be taken
 * back (was there an earlier one?): those units are recomputed as of `asOf`. Every other unit is
 * read from the rollup. Metric events are the latest count minus those in [asOf, end).
 */
export async function rollupSumsAt(
  handle: DbHandle,
  input: ExperimentSumsInput,
  asOf: Date,
  { latest, totals: latestTotals, seen }: Rolled,
): Promise<ExperimentSums> {
  const at = { ...input, end: asOf };
  const layout = perUnitLayout(at);
  const since = timestamptz(asOf);
  const untilEnd = perUnitLayout(input);
  const late = sql`
    select e.unit, e.name, e.ts, e.value from events e
    where ${untilEnd.eventFilter("e")} and e.ts >= ${since} and ${visibleIn(seen, "e")}`;
  const touched = sql`
    select unit from ${LATE}
    union
    select unit from assignments
    where experiment_id = ${input.experimentId} and assigned_at >= ${since} and assigned_at < ${untilEnd.endTs}`;
  const proportionEvent = layout.columns
    .filter(({ name }) => /^[yx]\d+$/.test(name) && columnCombines(input, name) === "any")
    .map(({ name }) => sql.raw(`c.${name} > 0`));
  const uncertain = proportionEvent.length > 0 ? sql.join(proportionEvent, sql` or `) : sql`false`;
  const lessLate = layout.columns.map(({ name }) =>
    sql.raw(columnCombines(input, name) === "sum" ? `r.${name} - c.${name}` : `r.${name}`),
  );
  // The late events' part of each unit's values (as of the end).
  const contrib = perUnitRows(input, untilEnd, { units: sql`select unit from ${LATE}`, events: LATE });
  const tables = [
    { name: LATE, query: late },
    { name: CONTRIB, query: contrib },
    { name: TOUCHED, query: touched },
  ];
  const rows = await withTemporaryTables(handle, tables, { analyze: true }, async (tx) => {
    const recomputed = sql`
      ${perUnitRows(at, layout, { units: sql`select unit from ${CONTRIB} c where ${uncertain}`, visibleTo: seen })}
      union all
      select r.variant_id, r.unit, ${sql.join(lessLate, sql`, `)}
      from ${CONTRIB} c join (${fromRollup(input, layout)}) r on r.unit = c.unit
      where not (${uncertain}) and c.unit in (
        select unit from assignments where experiment_id = ${input.experimentId} and assigned_at < ${since})`;
    if (hasPercentileCap(input)) {
      return tx.rows<Record<string, unknown>>(
        variantTotals(
          layout,
          sql`
          select * from (${fromRollup(input, layout)}) r
          where not exists (select 1 from ${TOUCHED} t where t.unit = r.unit)
          union all ${recomputed}`,
        ),
      );
    }
    // Every other unit's values are the same at both times: latest − touched units' latest + their values at asOf.
    const fromTouched = sql`
      select r.* from (${fromRollup(input, layout)}) r where r.unit in (select unit from ${TOUCHED})`;
    return applyDelta(
      latestTotals,
      await tx.rows(variantTotals(layout, recomputed)),
      await tx.rows(variantTotals(layout, fromTouched)),
    );
  });
  const [recent] = await handle.rows<{ events: string | number }>(metricEventsQuery(untilEnd, since));
  const units = await handle.rows<{ variant_id: number; n: string | number }>(unitCountsQuery(at, layout));
  const sums = parseSums(rows, units, latest.metricEvents - Number(recent?.events ?? 0), at);
  // Read from the rollup, not from events: this run's reading is counted in `latest`.
  return { ...sums, eventsScanned: 0 };
}

/** Metric events timed between a midnight and the rollup's end (see withTemporaryTables). */
const LATE = sql.raw("experiment_late_events_tmp");
/** Their part of each unit's values at the end. */
const CONTRIB = sql.raw("experiment_late_parts_tmp");
/** Units whose values differ between the midnight and the end. */
const TOUCHED = sql.raw("experiment_touched_units_tmp");
