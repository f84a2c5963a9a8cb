import { sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { type ErrorDetail, AppError, invalidInput, conflict, notFound } from "#lib/errors";
import type { AssignmentsBatch } from "#lib/contracts/ingest";
import { chooseVariant } from "./bucketing";
import { experimentsForData } from "./ingest-experiments.server";

/**
 * GET /assign: the deterministic variant for a unit, recorded on first sight. If the unit was
 * already recorded (say, by a client that assigns itself), that first assignment wins.
 */
export async function assignUnit(handle: DbHandle, experimentKey: string, unit: string, now: Date) {
  const experiment = (await experimentsForData(handle, [experimentKey])).get(experimentKey);
  if (!experiment) throw notFound(`No experiment with key "${experimentKey}"`);
  if (experiment.status !== "running") {
    throw conflict(
      `Experiment "${experimentKey}" is ${experiment.status}; assignments are accepted only while it runs`,
    );
  }
  const chosen =
    experiment.variants[
      chooseVariant(
        experiment.salt,
        unit,
        experiment.variants.map((v) => v.weight),
      )
    ];
  if (!chosen) throw new AppError("INTERNAL", `Experiment "${experimentKey}" has no variants`);
  const [row] = await handle.rows<{ variant_id: number }>(sql`
    with ins as (
      insert into assignments (experiment_id, unit, variant_id, assigned_at, source)
      values (${experiment.id}, ${unit}, ${chosen.id}, ${now.toISOString()}::timestamptz, 'hash')
      on conflict (experiment_id, unit) do nothing
      returning variant_id
    )
    select variant_id from ins
    union all
    select variant_id from assignments where experiment_id = ${experiment.id} and unit = ${unit}
    limit 1`);
  const variant = experiment.variants.find((v) => v.id === Number(row?.variant_id)) ?? chosen;
  return { experiment: experimentKey, unit, variant: variant.key };
}

/**
 * POST /assignments: the whole batch is checked before anything is written; then, in one
 * transaction, new units are recorded, re-sends are counted as duplicates (an earlier timestamp
 * moves the exposure time back), and a unit reported in a different variant is kept as a conflict.
 */
export async function ingestAssignments(handle: DbHandle, batch: AssignmentsBatch) {
  const found = await experimentsForData(
    handle,
    batch.assignments.map((a) => a.experiment),
  );
  const notFoundDetails: ErrorDetail[] = [];
  const notRunning: ErrorDetail[] = [];
  const rows = batch.assignments.map((a, i) => {
    const experiment = found.get(a.experiment);
    if (!experiment) {
      notFoundDetails.push({
        path: `assignments[${i}].experiment`,
        message: `unknown experiment "${a.experiment}"`,
      });
      return null;
    }
    const variant = experiment.variants.find((v) => v.key === a.variant);
    if (!variant) {
      notFoundDetails.push({
        path: `assignments[${i}].variant`,
        message: `experiment "${a.experiment}" has no variant "${a.variant}"`,
      });
      return null;
    }
    if (experiment.status !== "running") {
      notRunning.push({
        path: `assignments[${i}].experiment`,
        message: `experiment "${a.experiment}" is ${experiment.status}`,
      });
      return null;
    }
    return { i, e: experiment.id, u: a.unit, v: variant.id, t: a.timestamp.toISOString() };
  });
  if (notFoundDetails.length > 0)
    throw invalidInput("Batch refused: unknown experiments or variants", notFoundDetails);
  if (notRunning.length > 0) {
    throw conflict("Batch refused: assignments are accepted only for running experiments", notRunning);
  }
  const payload = JSON.stringify(rows);

  return handle.db.transaction(async (tx) => {
    // Within the batch, the first item per (experiment, unit) is the candidate, as if sent one by one.
    const inserted = await tx.execute(sql`
      with input as (
        select * from json_to_recordset(${payload}::json) as x(i int, e int, u text, v int, t timestamptz)
      ), firsts as (
        select distinct on (e, u) e, u, v, t from input order by e, u, i
      ), ins as (
        insert into assignments (experiment_id, unit, variant_id, assigned_at, source)
        select e, u, v, t, 'client' from firsts
        on conflict (experiment_id, unit) do nothing
        returning 1
      )
      select count(*)::int as n from ins`);
    const accepted = firstCount(inserted);
    const classified = await tx.execute(sql`
      with input as (
        select * from json_to_recordset(${payload}::json) as x(i int, e int, u text, v int, t timestamptz)
      ), joined as (
        select input.*, a.variant_id as stored, a.assigned_at as stored_at
        from input join assignments a on a.experiment_id = input.e and a.unit = input.u
      ), moved as (
        update assignments a set assigned_at = m.t, recorded_at = now()
        from (select e, u, min(t) as t from joined where v = stored group by e, u) m
        where a.experiment_id = m.e and a.unit = m.u and a.assigned_at > m.t
        returning 1
      ), conflicts as (
        insert into assignment_conflicts (experiment_id, unit, variant_id)
        select distinct e, u, v from joined where v <> stored
        on conflict do nothing
        returning 1
      )
      select
        (select count(*) from joined where v <> stored)::int as n,
        (select count(*) from moved)::int as moved,
        (select count(*) from conflicts)::int as new_conflicts`);
    const conflicts = firstCount(classified);
    return { accepted, duplicates: batch.assignments.length - accepted - conflicts, conflicts };
  });
}

function firstCount(result: unknown): number {
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return Number((rows[0] as { n?: number } | undefined)?.n ?? 0);
}
