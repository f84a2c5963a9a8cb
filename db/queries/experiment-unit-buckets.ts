import { type SQL, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { timestamptz, withinValueRange } from "#db/sql-helpers";
import { withTemporaryTable } from "#db/temporary-table";
import { type ExperimentSumsInput, metricNameList } from "./experiment-per-unit";
import { type RowVisibility, visibleIn } from "./row-visibility";

/*
 * The one pass over assignments ⋈ events that a first run (or a rebuild) needs: per unit and
 * "bucket" — the first UTC midnight at or after which an event counts (the day after its
 * timestamp, or after the unit's assignment if later) — the increments of the unit's values.
 * Both the daily history (running sums per unit over buckets, experiment-history.ts) and the
 * per-unit rollup (the sum over all of a unit's buckets, experiment-rollup.ts) are read from
 * this relation, so the expensive join and aggregation happen once. The relation is a temporary
 * table: CREATE TABLE AS may run its SELECT in parallel, which an INSERT … SELECT may not.
 *
 * Columns: variant_id, unit, in_window (1 when assigned at or after the start), b (bucket),
 * matched (events since the start), scanned (events read), and per metric i: iy<i> (outcome:
 * an event count for a proportion, a value sum otherwise), id<i> (ratio denominator) or ix<i>
 * (CUPED pre-period, all of it in the unit's first bucket).
 */

/** Bucket (days since the epoch, + 1) of the first midnight at or after which `ts` counts; integer arithmetic only. */
export function bucket(ts: SQL): SQL {
  return sql`(((${ts}) at time zone 'UTC')::date - date '1970-01-01' + 1)`;
}

/** The per-(unit, bucket) increments of `input` up to its end (see the comment at the top). */
export function unitBucketsQuery(input: ExperimentSumsInput, visibleTo?: RowVisibility): SQL {
  const start = timestamptz(input.start);
  const end = timestamptz(input.end);
  const lookback = input.cupedLookbackHours ?? 0;
  const eventsFrom = timestamptz(new Date(input.start.getTime() - lookback * 3600_000));
  const increments: SQL[] = [];
  input.metrics.forEach((metric, i) => {
    const window =
      metric.windowHours === null
        ? sql`e.ts >= a.assigned_at`
        : sql`e.ts >= a.assigned_at and e.ts < a.assigned_at + ${metric.windowHours} * interval '1 hour'`;
    const add = (name: string, expr: SQL) => increments.push(sql`${expr} as ${sql.raw(`${name}${i}`)}`);
    const value = (event: string | null, condition: SQL) =>
      metric.type === "proportion"
        ? sql`count(*) filter (where e.name = ${event} and ${condition})`
        : sql`coalesce(sum(e.value) filter (where e.name = ${event} and ${condition}), 0)`;
    if (metric.type === "ratio") {
      add("iy", value(metric.numerator, window));
      add("id", value(metric.denominator, window));
      return;
    }
    add("iy", value(metric.event, window));
    if (input.cupedLookbackHours !== null) {
      const pre = sql`e.ts >= a.assigned_at - ${input.cupedLookbackHours} * interval '1 hour' and e.ts < a.assigned_at`;
      add("ix", value(metric.event, pre));
    }
  });
  return sql`
    select a.variant_id, a.unit, (a.assigned_at >= ${start})::int as in_window,
      greatest(${bucket(sql`e.ts`)}, ${bucket(sql`a.assigned_at`)}) as b,
      count(*) filter (where e.ts >= ${start}) as matched, count(*) as scanned
      ${increments.length > 0 ? sql`, ${sql.join(increments, sql`, `)}` : sql``}
    from assignments a
    join events e on e.unit = a.unit
    where a.experiment_id = ${input.experimentId} and a.assigned_at < ${end}
      and e.name = any(${metricNameList(input)}) and e.ts < ${end} and e.ts >= ${eventsFrom}
      and ${withinValueRange(sql`e.value`)} ${visibleTo ? sql`and ${visibleIn(visibleTo, "e")}` : sql``}
    group by a.variant_id, a.unit, a.assigned_at, b`;
}

/** The temporary table `withUnitBuckets` fills; it lives until its transaction ends. */
export const UNIT_BUCKETS = sql.raw("experiment_unit_buckets_tmp");

/**
 * Runs `fn` in a transaction where UNIT_BUCKETS holds `input`'s per-(unit, bucket) increments
 * (of the event rows `visibleTo` saw, if given), with enough memory that the per-unit aggregation
 * and the running-sum sort stay in memory.
 */
export async function withUnitBuckets<T>(
  handle: DbHandle,
  input: ExperimentSumsInput,
  fn: (tx: DbHandle) => Promise<T>,
  visibleTo?: RowVisibility,
): Promise<T> {
  return withTemporaryTable(handle, UNIT_BUCKETS, unitBucketsQuery(input, visibleTo), { workMemMb: 256 }, fn);
}
