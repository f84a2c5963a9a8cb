import { sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";

/** Assigned units per experiment and variant, by key (one scan of assignments). */
export async function assignedUnitsByVariant(
  handle: DbHandle,
): Promise<Array<{ experiment: string; variant: string; units: number }>> {
  const rows = await handle.rows<{ experiment: string; variant: string; units: string | number }>(sql`
    select e.key as experiment, v.key as variant, c.units
    from (select variant_id, count(*) as units from assignments group by variant_id) c
    join variants v on v.id = c.variant_id
    join experiments e on e.id = v.experiment_id`);
  return rows.map((r) => ({ experiment: r.experiment, variant: r.variant, units: Number(r.units) }));
}
