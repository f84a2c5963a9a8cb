/**
 * Which drift windows a run must recompute: each window's data mark (`drift_snapshots.source`:
 * predictions and labels counted, with their latest arrival) as stored and as it reads now.
 * A window whose mark is unchanged would give the same snapshots again, so the job skips it.
 */
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { driftSnapshots } from "#db/schema";
import { type ScanWindow, windowedPredictions } from "./model-sql";
import { type DriftSnapshotRow, matchesReference, type StoredReferenceKey } from "./model-snapshots";

/**
 * The data mark of each window now: predictions (count, latest received_at) and their labels
 * (count, latest updated_at), one string per window idx (absent: no predictions). Predictions
 * are insert-only, so a new one changes the count even when its transaction started (and
 * stamped received_at) before the last mark was read; a re-sent label moves updated_at. Read it
 * before scanning: what arrives in between is scanned and still changes the next mark.
 */
export async function windowSources(
  handle: DbHandle,
  versionId: number,
  windows: readonly ScanWindow[],
): Promise<Map<number, string>> {
  if (windows.length === 0) return new Map();
  const rows = await handle.rows<{ idx: number; source: string }>(sql`
    select win.idx, concat_ws(':', count(*), extract(epoch from max(p.received_at)),
      count(l.prediction_id), extract(epoch from max(l.updated_at))) as source
    from ${windowedPredictions(versionId, windows, sql`p.id, p.received_at`)}
    left join labels l on l.prediction_id = p.id
    group by win.idx`);
  return new Map(rows.map((r) => [Number(r.idx), String(r.source)]));
}

/**
 * The data mark (`source`) of each of a version's windows since `from` computed against this
 * reference: start (ms) → source, null for rows written before sources were kept.
 */
export async function driftWindowSources(
  handle: DbHandle,
  versionId: number,
  from: Date,
  reference: StoredReferenceKey,
): Promise<Map<number, string | null>> {
  const rows = await handle.db
    .selectDistinctOn([driftSnapshots.windowStart], {
      start: driftSnapshots.windowStart,
      source: driftSnapshots.source,
    })
    .from(driftSnapshots)
    .where(
      and(
        eq(driftSnapshots.versionId, versionId),
        gte(driftSnapshots.windowStart, from),
        matchesReference(reference),
      ),
    )
    // A window whose rows disagree (one row without a source) counts as unknown.
    .orderBy(driftSnapshots.windowStart, sql`${driftSnapshots.source} is null desc`);
  return new Map(rows.map((r) => [r.start.getTime(), r.source]));
}

/** The stored drift snapshots of a version's windows starting at `starts`, as the job wrote them. */
export async function driftSnapshotRows(
  handle: DbHandle,
  versionId: number,
  starts: readonly Date[],
): Promise<DriftSnapshotRow[]> {
  if (starts.length === 0) return [];
  const rows = await handle.db
    .select()
    .from(driftSnapshots)
    .where(and(eq(driftSnapshots.versionId, versionId), inArray(driftSnapshots.windowStart, [...starts])))
    .orderBy(driftSnapshots.windowStart, driftSnapshots.kind, driftSnapshots.feature);
  return rows.map((r) => ({
    feature: r.feature,
    kind: r.kind,
    windowStart: r.windowStart,
    windowEnd: r.windowEnd,
    method: r.method,
    statistic: r.statistic,
    pValue: r.pValue,
    threshold: r.threshold ?? Number.NaN,
    drifted: r.drifted,
    referenceCount: r.referenceCount,
    currentCount: r.currentCount,
    status: r.status,
    details: r.details ?? {},
    source: r.source,
  }));
}
