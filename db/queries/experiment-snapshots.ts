import { asc, desc, eq, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { experimentSnapshots } from "#db/schema";
import { timestamptz } from "#db/sql-helpers";
import type { ResultsDocument } from "#lib/contracts/results";

export async function latestExperimentSnapshot(
  handle: DbHandle,
  experimentId: number,
): Promise<ResultsDocument | undefined> {
  const [row] = await handle.db
    .select({ result: experimentSnapshots.result })
    .from(experimentSnapshots)
    .where(eq(experimentSnapshots.experimentId, experimentId))
    .orderBy(desc(experimentSnapshots.asOf))
    .limit(1);
  return row?.result;
}

/** Every stored snapshot of an experiment, oldest first. */
export async function experimentSnapshotHistory(
  handle: DbHandle,
  experimentId: number,
): Promise<ResultsDocument[]> {
  const rows = await handle.db
    .select({ result: experimentSnapshots.result })
    .from(experimentSnapshots)
    .where(eq(experimentSnapshots.experimentId, experimentId))
    .orderBy(asc(experimentSnapshots.asOf));
  return rows.map((r) => r.result);
}

/** The as-of times an experiment has snapshots for. */
export async function experimentSnapshotTimes(handle: DbHandle, experimentId: number): Promise<Date[]> {
  const rows = await handle.db
    .select({ asOf: experimentSnapshots.asOf })
    .from(experimentSnapshots)
    .where(eq(experimentSnapshots.experimentId, experimentId));
  return rows.map((r) => r.asOf);
}

/** Writes the snapshot of one as-of time, replacing an earlier computation of the same time. */
export async function upsertExperimentSnapshot(
  handle: DbHandle,
  input: { experimentId: number; asOf: Date; computedAt: Date; result: ResultsDocument },
): Promise<void> {
  await handle.db
    .insert(experimentSnapshots)
    .values(input)
    .onConflictDoUpdate({
      target: [experimentSnapshots.experimentId, experimentSnapshots.asOf],
      set: { computedAt: input.computedAt, result: input.result },
    });
}

/** Deletes an experiment's snapshots strictly between two times. */
export async function deleteExperimentSnapshotsBetween(
  handle: DbHandle,
  experimentId: number,
  after: Date,
  before: Date,
): Promise<void> {
  await handle.rows(sql`
    delete from experiment_snapshots
    where experiment_id = ${experimentId} and as_of > ${timestamptz(after)} and as_of < ${timestamptz(before)}`);
}
