import { type SQL, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import {
  type ExperimentSums,
  type ExperimentSumsInput,
  type PerUnitLayout,
  parseSums,
  perUnitLayout,
  variantTotals,
} from "./experiment-per-unit";
import { fromRollup } from "./experiment-unit-values";

/** Values of a dimension that get their own cell; the rest are summed as "other". */
const TOP_VALUES = 20;

export interface BreakdownCell {
  /** The attribute's value; null for units assigned without it (kind "unset") or for the rest (kind "other"). */
  value: string | null;
  kind: "value" | "unset" | "other";
  sums: ExperimentSums;
}

/**
 * One experiment's sums per value of one assignment attribute: the TOP_VALUES values with the most
 * units in the analysis window (units without the attribute count as one value), the rest as
 * "other". Summed from the per-unit rollup the latest snapshot was just computed from, so a
 * breakdown costs one pass over the experiment's units, not over its events; the cells' totals
 * are the experiment's totals. Caps (percentile ones taken over all units) apply as in the
 * experiment's readout.
 */
export async function breakdownSums(
  handle: DbHandle,
  input: ExperimentSumsInput,
  dimension: string,
): Promise<BreakdownCell[]> {
  const layout = perUnitLayout(input);
  const cells = cellsOf(input, layout, dimension);
  const rows = await handle.rows<Record<string, unknown>>(
    variantTotals(layout, fromRollup(input, layout), cells),
  );
  const units = await handle.rows<{ cell: string; variant_id: number; n: string | number }>(sql`
    select cell, variant_id, count(*) as n from (${cells}) c group by cell, variant_id`);
  const names = [...new Set(units.map((u) => u.cell))];
  return names
    .map((cell) => ({
      ...decode(cell),
      sums: parseSums(
        rows.filter((r) => r.cell === cell),
        units.filter((u) => u.cell === cell),
        0,
        input,
      ),
    }))
    .sort((a, b) => Number(a.kind === "other") - Number(b.kind === "other") || unitsOf(b) - unitsOf(a));
}

/** (unit, variant_id, cell) of the units assigned in the window; cell is v:<value>, unset or other. */
function cellsOf(input: ExperimentSumsInput, layout: PerUnitLayout, dimension: string): SQL {
  return sql`
    with dims as (
      select unit, variant_id, coalesce('v:' || (attributes ->> ${dimension}), 'unset') as value
      from assignments
      where experiment_id = ${input.experimentId} and assigned_at >= ${layout.startTs}
        and assigned_at < ${layout.endTs}
    ), top as (
      select value from dims group by value order by count(*) desc, value limit ${TOP_VALUES}
    )
    select d.unit, d.variant_id, coalesce(t.value, 'other') as cell
    from dims d left join top t on t.value = d.value`;
}

function decode(cell: string): Pick<BreakdownCell, "value" | "kind"> {
  if (cell.startsWith("v:")) return { value: cell.slice(2), kind: "value" };
  return { value: null, kind: cell === "other" ? "other" : "unset" };
}

function unitsOf(cell: BreakdownCell): number {
  return [...cell.sums.units.values()].reduce((a, b) => a + b, 0);
}
