import { type SQL, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { timestamptz } from "#db/sql-helpers";

/*
 * Which event rows a run saw, so the next run can read exactly the rest. A run records a
 * PostgreSQL snapshot (`pg_current_snapshot()`: which transactions had committed) and a time
 * before which every row it could not see was written. A row's inserting transaction is its
 * `xmin`; `pg_visible_in_snapshot` says whether that transaction had committed in the snapshot.
 * Re-reading rows "received since the last run, minus an overlap" cannot tell a row the last run
 * counted from one committed just after it; this can, so a run may add what is new to what it
 * kept instead of recomputing every unit the new rows touch.
 *
 * Rows are only ever inserted into `events` (a re-sent event is ignored, never updated), so a
 * row's xmin is the transaction that wrote it; an assignment moved by a later one is a new row
 * version, stamped with the mover's start, which is what a run must notice. Rewriting events
 * under new transaction ids (an UPDATE of events, pg_repack) makes stored snapshots wrong about
 * them: delete from experiment_rollups to rebuild. A restore into another cluster is noticed
 * (`precedes`) and rebuilds (docs/decisions/0002-results-rollup.md).
 */

export interface RowVisibility {
  /** `pg_snapshot` as text: `xmin:xmax:xip,…`. */
  snapshot: string;
  /** Every row the snapshot cannot see has `received_at` (its transaction's start) at or after this. */
  before: string;
}

/**
 * A snapshot of what has committed now, and the bound on the arrival time of everything it
 * cannot see. Two statements, in this order: the oldest open transaction's start is read before
 * the snapshot is taken, so a transaction the snapshot misses either was open then (and started no
 * earlier than that oldest start) or began after the read (later than the caller's own
 * transaction, which is open and so counted). The second of margin covers a transaction whose
 * start is stamped just before it shows in pg_stat_activity.
 */
export async function currentVisibility(handle: DbHandle): Promise<RowVisibility> {
  // pg_stat_activity is cached per transaction after its first read; the caller's transaction
  // may have read it already.
  await handle.rows(sql`select pg_stat_clear_snapshot()`);
  const [oldest] = await handle.rows<{ before: string }>(sql`
    select (coalesce(min(xact_start), now()) - interval '1 second')::text as before
    from pg_stat_activity where xact_start is not null`);
  const [snap] = await handle.rows<{ snapshot: string }>(sql`select pg_current_snapshot()::text as snapshot`);
  if (!oldest || !snap) throw new Error("the database returned no snapshot");
  return { snapshot: snap.snapshot, before: oldest.before };
}

/**
 * Rows of `alias` committed in the snapshot. `writtenAt` is the table's column stamped with the
 * writing transaction's start (events' received_at, assignments' recorded_at).
 */
export function visibleIn(visibility: RowVisibility, alias: string, writtenAt = "received_at"): SQL {
  const { older, committed } = visibilityTests(visibility, alias, writtenAt);
  // Rows older than `before` are visible without looking at their (possibly frozen) xmin.
  return sql`(${older} or ${committed})`;
}

/**
 * Rows of `alias` the snapshot could not see: written by a transaction not committed in it. The
 * negation of visibleIn, with the arrival test as a plain range the BRIN index serves.
 */
export function notVisibleIn(visibility: RowVisibility, alias: string, writtenAt = "received_at"): SQL {
  const { recent, committed } = visibilityTests(visibility, alias, writtenAt);
  return sql`(${recent} and not ${committed})`;
}

function visibilityTests(visibility: RowVisibility, alias: string, writtenAt: string) {
  const col = (name: string) => sql.raw(`${alias}.${name}`);
  return {
    older: sql`${col(writtenAt)} < ${timestamptz(visibility.before)}`,
    recent: sql`${col(writtenAt)} >= ${timestamptz(visibility.before)}`,
    committed: sql`pg_visible_in_snapshot(${fullXid(col("xmin"))}, ${visibility.snapshot}::pg_snapshot)`,
  };
}

/**
 * The 64-bit id (xid8) of a row's 32-bit xmin: the transaction counter's epoch is taken from the
 * current snapshot's xmax, which every committed transaction precedes, so the xmin lies in the
 * 2^32 ids before it. Only recent rows get here (see visibleIn), far inside that range.
 */
function fullXid(xmin: SQL): SQL {
  const now = sql`pg_snapshot_xmax(pg_current_snapshot())::text::bigint`;
  return sql`greatest(0, ${now} - ((${now} % 4294967296) - ${xmin}::text::bigint + 4294967296) % 4294967296)::text::xid8`;
}

/**
 * Whether `earlier` can be a snapshot of this cluster taken before `later`: transaction ids only
 * grow, so a stored snapshot ahead of the current one comes from another cluster (a restore) and
 * says nothing about the rows here.
 */
export function precedes(earlier: RowVisibility, later: RowVisibility): boolean {
  return xmaxOf(earlier.snapshot) <= xmaxOf(later.snapshot);
}

function xmaxOf(snapshot: string): bigint {
  const xmax = snapshot.split(":")[1];
  if (!xmax || !/^\d+$/.test(xmax)) throw new Error(`not a pg_snapshot: ${snapshot}`);
  return BigInt(xmax);
}
