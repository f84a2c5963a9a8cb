import { sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { timestamptz } from "#db/sql-helpers";

/** New units per UTC day and variant id, up to `end`. */
export async function unitsPerDay(
  handle: DbHandle,
  experimentId: number,
  end: Date,
): Promise<Array<{ day: string; variantId: number; units: number }>> {
  const rows = await handle.rows<{ day: string; variant_id: number; units: string | number }>(sql`
    select to_char(assigned_at at time zone 'UTC', 'YYYY-MM-DD') as day, variant_id, count(*) as units
    from assignments
    where experiment_id = ${experimentId} and assigned_at < ${timestamptz(end)}
    group by 1, 2
    order by 1, 2`);
  return rows.map((r) => ({ day: r.day, variantId: Number(r.variant_id), units: Number(r.units) }));
}

/** Units reported in more than one variant (each counted once). */
export async function conflictingUnits(handle: DbHandle, experimentId: number): Promise<number> {
  const [row] = await handle.rows<{ n: string | number }>(sql`
    select count(distinct unit) as n from assignment_conflicts where experiment_id = ${experimentId}`);
  return Number(row?.n ?? 0);
}
