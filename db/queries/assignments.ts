import { sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { timestamptz } from "#db/sql-helpers";

/**
 * Records a hash assignment unless the unit already has one; returns the variant id that holds
 * (the one stored first, which may be a client's).
 */
export async function recordHashAssignment(
  handle: DbHandle,
  input: {
    experimentId: number;
    unit: string;
    variantId: number;
    at: Date;
    attributes: Record<string, string> | null;
  },
): Promise<number | undefined> {
  const attributes = input.attributes ? JSON.stringify(input.attributes) : null;
  const [row] = await handle.rows<{ variant_id: number }>(sql`
    with ins as (
      insert into assignments (experiment_id, unit, variant_id, assigned_at, source, attributes)
      values (${input.experimentId}, ${input.unit}, ${input.variantId}, ${timestamptz(input.at)}, 'hash',
        ${attributes}::jsonb)
      on conflict (experiment_id, unit) do nothing
      returning variant_id
    )
    select variant_id from ins
    union all
    select variant_id from assignments where experiment_id = ${input.experimentId} and unit = ${input.unit}
    limit 1`);
  return row ? Number(row.variant_id) : undefined;
}

export interface ClientAssignment {
  experimentId: number;
  unit: string;
  variantId: number;
  at: Date;
  /** Breakdown attributes; the first assignment's are kept. */
  attributes: Record<string, string> | null;
}

/**
 * Records a batch of client assignments in one transaction: new units are recorded (within the
 * batch the first item per experiment and unit is the candidate, as if sent one by one), a re-sent
 * unit in its stored variant with an earlier timestamp moves the exposure time back, and a unit
 * reported in a different variant is kept as a conflict. Returns the new units and the conflicts.
 *
 * Every lock is taken in key order, in three phases every batch goes through in the same order —
 * new assignments inserted, stored ones locked (then moved), conflicts inserted — so concurrent
 * batches wait for each other in one direction only and cannot deadlock.
 */
export async function recordClientAssignments(
  handle: DbHandle,
  batch: readonly ClientAssignment[],
): Promise<{ accepted: number; conflicts: number }> {
  const payload = JSON.stringify(
    batch.map((a, i) => ({
      i,
      e: a.experimentId,
      u: a.unit,
      v: a.variantId,
      t: a.at.toISOString(),
      a: a.attributes,
    })),
  );
  return handle.transaction(async (tx) => {
    const [inserted] = await tx.rows<{ n: number }>(sql`
      with input as (
        select * from json_to_recordset(${payload}::json) as x(i int, e int, u text, v int, t timestamptz, a jsonb)
      ), firsts as (
        select distinct on (e, u) e, u, v, t, a from input order by e, u, i
      ), ins as (
        insert into assignments (experiment_id, unit, variant_id, assigned_at, source, attributes)
        select e, u, v, t, 'client', a from firsts
        order by e, u collate "C"
        on conflict (experiment_id, unit) do nothing
        returning 1
      )
      select count(*)::int as n from ins`);
    const [classified] = await tx.rows<{ n: number }>(sql`
      with input as (
        select * from json_to_recordset(${payload}::json) as x(i int, e int, u text, v int, t timestamptz)
      ), joined as (
        select input.*, a.variant_id as stored, a.assigned_at as stored_at
        from input join assignments a on a.experiment_id = input.e and a.unit = input.u
      ), earlier as materialized (
        select a.experiment_id, a.unit, m.t
        from assignments a
        join (select e, u, min(t) as t from joined where v = stored group by e, u) m
          on a.experiment_id = m.e and a.unit = m.u and a.assigned_at > m.t
        order by a.experiment_id, a.unit collate "C"
        for update of a
      ), moved as (
        update assignments a set assigned_at = m.t, recorded_at = now()
        from earlier m
        where a.experiment_id = m.experiment_id and a.unit = m.unit and a.assigned_at > m.t
        returning 1
      ), conflicts as (
        insert into assignment_conflicts (experiment_id, unit, variant_id)
        select e, u, v from (select distinct e, u, v from joined where v <> stored) c
        order by e, u collate "C", v
        on conflict do nothing
        returning 1
      )
      select
        (select count(*) from joined where v <> stored)::int as n,
        (select count(*) from moved)::int as moved,
        (select count(*) from conflicts)::int as new_conflicts`);
    return { accepted: Number(inserted?.n ?? 0), conflicts: Number(classified?.n ?? 0) };
  });
}

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
