import { sql } from "drizzle-orm";
import type { DbHandle } from "../client";

/** Assigned units per experiment and variant (one index-only scan of assignments per experiment). */
export async function assignedUnitsByVariant(
  handle: DbHandle,
): Promise<Array<{ experimentId: number; variantId: number; units: number }>> {
  const rows = await handle.rows<{ experiment_id: number; variant_id: number; units: string | number }>(sql`
    select experiment_id, variant_id, count(*) as units
    from assignments
    group by experiment_id, variant_id`);
  return rows.map((r) => ({
    experimentId: r.experiment_id,
    variantId: r.variant_id,
    units: Number(r.units),
  }));
}
