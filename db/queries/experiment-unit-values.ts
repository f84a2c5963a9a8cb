import { type SQL, sql } from "drizzle-orm";
import type { ExperimentSumsInput, PerUnitLayout } from "./experiment-per-unit";

/*
 * The rollup's per-unit values (experiment_unit_values: variant_id, unit, and the layout's
 * columns packed into a float8 array `vals`) as SQL relations the queries read.
 */

/** The rollup as a per-unit relation with the layout's column names. */
export function fromRollup(input: ExperimentSumsInput, layout: PerUnitLayout): SQL {
  return unpackValues(layout, sql`experiment_unit_values where experiment_id = ${input.experimentId}`);
}

/** Rows of `from` with `<prefix>variant_id` and a `<prefix>vals` array as (variant_id, unit, layout columns). */
export function unpackValues(layout: PerUnitLayout, from: SQL, prefix = ""): SQL {
  const columns = sql.join(
    layout.columns.map((c, i) => sql.raw(`${prefix}vals[${i + 1}] as ${c.name}`)),
    sql`, `,
  );
  return sql`select ${sql.raw(prefix)}variant_id as variant_id, unit, ${columns} from ${from}`;
}

/**
 * A unit's stored row, looked up by key. As a plain join the planner hashed all 1M rows of the
 * rollup (0.9 s, spilling to disk) to find 50,000 of them; `limit 1` (the key allows one row)
 * keeps the lookup a nested loop of index probes.
 */
export function storedValues(input: ExperimentSumsInput, unit: SQL): SQL {
  return sql`
    select v.variant_id, v.vals from experiment_unit_values v
    where v.experiment_id = ${input.experimentId} and v.unit = ${unit} limit 1`;
}
