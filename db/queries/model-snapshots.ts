import { and, asc, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { DbHandle } from "#db/client";
import { driftSnapshots, modelVersions, performanceSnapshots } from "#db/schema";
import { timestamptz } from "#db/sql-helpers";
import type { DriftMethod, DriftSubject } from "#lib/vocabulary";

export interface SnapshotWindow {
  start: Date;
  end: Date;
}

export interface DriftSnapshotRow {
  feature: string;
  kind: DriftSubject;
  windowStart: Date;
  windowEnd: Date;
  method: DriftMethod;
  statistic: number | null;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  referenceCount: number;
  currentCount: number;
  status: string;
  details: Record<string, unknown>;
  /** The window's data when computed (see drift_snapshots.source); null when unknown. */
  source?: string | null;
}

export interface PerformanceSnapshotRow {
  windowStart: Date;
  windowEnd: Date;
  metric: string;
  /** 0 when the metric has no cut-off. */
  k: number;
  value: number | null;
  count: number;
  details: Record<string, unknown> | null;
}

/** How a drift snapshot's reference is identified in its details (window and config fingerprint). */
export interface StoredReferenceKey {
  from: string;
  to: string;
  config: string;
}

export function matchesReference(key: StoredReferenceKey) {
  const reference = sql`${driftSnapshots.details}->'reference'`;
  return and(
    sql`${reference}->>'from' = ${key.from}`,
    sql`${reference}->>'to' = ${key.to}`,
    sql`${reference}->>'config' = ${key.config}`,
  );
}

/**
 * The stored reference side (`details.reference`) of each feature of a version, from its latest
 * snapshot computed against this reference after the reference window had ended (so the
 * reference data was complete); empty when there is none.
 */
export async function storedReferences(
  handle: DbHandle,
  versionId: number,
  reference: StoredReferenceKey,
  referenceEnd: Date,
): Promise<Array<{ feature: string; kind: DriftSubject; reference: unknown }>> {
  const rows = await handle.db
    .selectDistinctOn([driftSnapshots.kind, driftSnapshots.feature], {
      feature: driftSnapshots.feature,
      kind: driftSnapshots.kind,
      reference: sql<unknown>`${driftSnapshots.details}->'reference'`,
    })
    .from(driftSnapshots)
    .where(
      and(
        eq(driftSnapshots.versionId, versionId),
        matchesReference(reference),
        gte(driftSnapshots.computedAt, referenceEnd),
      ),
    )
    .orderBy(driftSnapshots.kind, driftSnapshots.feature, desc(driftSnapshots.windowStart));
  return rows;
}

/** Start times (ms) of the windows of a version that already have performance snapshots, since `from`. */
export async function performanceWindowStarts(
  handle: DbHandle,
  versionId: number,
  from: Date,
): Promise<Set<number>> {
  const rows = await handle.db
    .selectDistinct({ start: performanceSnapshots.windowStart })
    .from(performanceSnapshots)
    .where(and(eq(performanceSnapshots.versionId, versionId), gte(performanceSnapshots.windowStart, from)));
  return new Set(rows.map((r) => r.start.getTime()));
}

function windowStartsJson(windows: readonly SnapshotWindow[]): string {
  return JSON.stringify(windows.map((w) => w.start.toISOString()));
}

/**
 * Replaces a version's drift snapshots of the recomputed windows in one transaction: upserts the
 * new rows on the unique key (ids stay stable across reruns) and deletes the rows of those
 * windows that the new computation no longer produces (a feature gone, a reference changed), as
 * well as any window starting before `validFrom` (the current reference's end).
 */
export async function replaceDriftSnapshots(
  handle: DbHandle,
  input: {
    versionId: number;
    windows: readonly SnapshotWindow[];
    validFrom: Date;
    rows: readonly DriftSnapshotRow[];
    computedAt: Date;
  },
): Promise<void> {
  const payload = JSON.stringify(
    input.rows.map((r) => ({
      f: r.feature,
      k: r.kind,
      ws: r.windowStart.toISOString(),
      we: r.windowEnd.toISOString(),
      m: r.method,
      s: r.statistic,
      p: r.pValue,
      t: r.threshold,
      d: r.drifted,
      rc: r.referenceCount,
      cc: r.currentCount,
      st: r.status,
      x: r.details,
      src: r.source ?? null,
    })),
  );
  const recordset = sql`json_to_recordset(${payload}::json) as r(f text, k text, ws timestamptz, we timestamptz,
    m text, s float8, p float8, t float8, d boolean, rc int, cc int, st text, x jsonb, src text)`;
  await handle.transaction(async (tx) => {
    await tx.rows(sql`
      delete from drift_snapshots d
      where d.version_id = ${input.versionId}
        and (d.window_start < ${timestamptz(input.validFrom)}
          or (d.window_start in (select value::timestamptz from json_array_elements_text(${windowStartsJson(input.windows)}::json))
            and not exists (
              select 1 from ${recordset}
              where r.f = d.feature and r.k = d.kind and r.ws = d.window_start and r.we = d.window_end)))`);
    if (input.rows.length === 0) return;
    await tx.rows(sql`
      insert into drift_snapshots (version_id, feature, kind, window_start, window_end, method, statistic,
        p_value, threshold, drifted, reference_count, current_count, status, details, computed_at, source)
      select ${input.versionId}, f, k, ws, we, m, s, p, t, d, rc, cc, st, x, ${timestamptz(input.computedAt)}, src
      from ${recordset}
      on conflict (version_id, feature, kind, window_start, window_end) do update set
        method = excluded.method, statistic = excluded.statistic, p_value = excluded.p_value,
        threshold = excluded.threshold, drifted = excluded.drifted, reference_count = excluded.reference_count,
        current_count = excluded.current_count, status = excluded.status, details = excluded.details,
        computed_at = excluded.computed_at, source = excluded.source`);
  });
}

/** Replaces a version's performance snapshots of the recomputed windows (as replaceDriftSnapshots). */
export async function replacePerformanceSnapshots(
  handle: DbHandle,
  input: {
    versionId: number;
    windows: readonly SnapshotWindow[];
    rows: readonly PerformanceSnapshotRow[];
    computedAt: Date;
  },
): Promise<void> {
  const payload = JSON.stringify(
    input.rows.map((r) => ({
      m: r.metric,
      k: r.k,
      ws: r.windowStart.toISOString(),
      we: r.windowEnd.toISOString(),
      v: r.value,
      n: r.count,
      x: r.details,
    })),
  );
  const recordset = sql`json_to_recordset(${payload}::json)
    as r(m text, k int, ws timestamptz, we timestamptz, v float8, n int, x jsonb)`;
  await handle.transaction(async (tx) => {
    await tx.rows(sql`
      delete from performance_snapshots d
      where d.version_id = ${input.versionId}
        and d.window_start in (select value::timestamptz from json_array_elements_text(${windowStartsJson(input.windows)}::json))
        and not exists (
          select 1 from ${recordset}
          where r.m = d.metric and r.k = d.k and r.ws = d.window_start and r.we = d.window_end)`);
    if (input.rows.length === 0) return;
    await tx.rows(sql`
      insert into performance_snapshots (version_id, window_start, window_end, metric, k, value, count, details, computed_at)
      select ${input.versionId}, ws, we, m, k, v, n, x, ${timestamptz(input.computedAt)}
      from ${recordset}
      on conflict (version_id, window_start, window_end, metric, k) do update set
        value = excluded.value, count = excluded.count, details = excluded.details, computed_at = excluded.computed_at`);
  });
}

/** Which snapshots a listing covers: all versions of a model or one version, windows starting in [from, to). */
export interface SnapshotFilter {
  versions: { modelId: number } | { versionId: number };
  from?: Date;
  to?: Date;
}

function snapshotFilter(filter: SnapshotFilter, windowStart: PgColumn): SQL | undefined {
  return and(
    "modelId" in filter.versions
      ? eq(modelVersions.modelId, filter.versions.modelId)
      : eq(modelVersions.id, filter.versions.versionId),
    filter.from ? gte(windowStart, filter.from) : undefined,
    filter.to ? lt(windowStart, filter.to) : undefined,
  );
}

/** Drift snapshots with their version's name, by version, window, kind and feature. */
export async function listDriftSnapshots(handle: DbHandle, filter: SnapshotFilter) {
  return handle.db
    .select({ version: modelVersions.version, snapshot: driftSnapshots })
    .from(driftSnapshots)
    .innerJoin(modelVersions, eq(modelVersions.id, driftSnapshots.versionId))
    .where(snapshotFilter(filter, driftSnapshots.windowStart))
    .orderBy(
      asc(modelVersions.id),
      asc(driftSnapshots.windowStart),
      asc(driftSnapshots.kind),
      asc(driftSnapshots.feature),
    );
}

/** Performance snapshots with their version's name, by version, window, metric and k. */
export async function listPerformanceSnapshots(handle: DbHandle, filter: SnapshotFilter) {
  return handle.db
    .select({ version: modelVersions.version, snapshot: performanceSnapshots })
    .from(performanceSnapshots)
    .innerJoin(modelVersions, eq(modelVersions.id, performanceSnapshots.versionId))
    .where(snapshotFilter(filter, performanceSnapshots.windowStart))
    .orderBy(
      asc(modelVersions.id),
      asc(performanceSnapshots.windowStart),
      asc(performanceSnapshots.metric),
      asc(performanceSnapshots.k),
    );
}

/** A drift snapshot's numbers, without its histograms. */
export interface DriftStatistic {
  version: string;
  feature: string;
  kind: DriftSubject;
  windowStart: Date;
  method: DriftMethod;
  statistic: number | null;
  pValue: number | null;
  threshold: number | null;
  drifted: boolean;
  currentCount: number;
  status: string;
}

/** A window's start as epoch milliseconds: JSON would print timestamptz in the session's time zone. */
const epochMs = (column: PgColumn) => sql`(extract(epoch from ${column}) * 1000)::float8`;

/**
 * Drift snapshots without their histograms (the table, sparklines and health need only the
 * numbers), by version and window. Thousands of rows come back as one JSON document: decoding it
 * is far cheaper than decoding as many rows (PGlite spends ~5 µs per value).
 */
export async function listDriftStatistics(
  handle: DbHandle,
  filter: SnapshotFilter,
): Promise<DriftStatistic[]> {
  type Tuple = [
    string,
    string,
    DriftSubject,
    number,
    DriftMethod,
    number | null,
    number | null,
    number | null,
    boolean,
    number,
    string,
  ];
  const [row] = await handle.rows<{ stats: Tuple[] | null }>(sql`
    select json_agg(json_build_array(${modelVersions.version}, ${driftSnapshots.feature}, ${driftSnapshots.kind},
      ${epochMs(driftSnapshots.windowStart)}, ${driftSnapshots.method}, ${driftSnapshots.statistic},
      ${driftSnapshots.pValue}, ${driftSnapshots.threshold}, ${driftSnapshots.drifted},
      ${driftSnapshots.currentCount}, ${driftSnapshots.status})
      order by ${modelVersions.id}, ${driftSnapshots.windowStart}) as stats
    from ${driftSnapshots} join ${modelVersions} on ${modelVersions.id} = ${driftSnapshots.versionId}
    where ${snapshotFilter(filter, driftSnapshots.windowStart)}`);
  return (row?.stats ?? []).map(
    ([
      version,
      feature,
      kind,
      start,
      method,
      statistic,
      pValue,
      threshold,
      drifted,
      currentCount,
      status,
    ]) => ({
      version,
      feature,
      kind,
      windowStart: new Date(start),
      method,
      statistic,
      pValue,
      threshold,
      drifted,
      currentCount,
      status,
    }),
  );
}

/** Performance snapshots as listPerformanceSnapshots gives them, decoded from one JSON document (see above). */
export async function listPerformanceStatistics(handle: DbHandle, filter: SnapshotFilter) {
  type Tuple = [string, string, number, number, number | null, number, Record<string, unknown> | null];
  const s = performanceSnapshots;
  const [row] = await handle.rows<{ stats: Tuple[] | null }>(sql`
    select json_agg(json_build_array(${modelVersions.version}, ${s.metric}, ${s.k}, ${epochMs(s.windowStart)},
      ${s.value}, ${s.count}, ${s.details})
      order by ${modelVersions.id}, ${s.windowStart}, ${s.metric}, ${s.k}) as stats
    from ${s} join ${modelVersions} on ${modelVersions.id} = ${s.versionId}
    where ${snapshotFilter(filter, s.windowStart)}`);
  return (row?.stats ?? []).map(([version, metric, k, start, value, count, details]) => ({
    version,
    metric,
    k,
    windowStart: new Date(start),
    value,
    count,
    details,
  }));
}

/**
 * The stored histograms (details) of one feature, score or label in the latest window with data
 * of each version of a model, from `from` on; windows starting before `preferBefore` (today's
 * start: a partial day is a small sample) win over later ones, then windows whose check answered
 * (not NOT_ENOUGH_DATA) over thinner ones.
 */
export async function latestDriftDetails(
  handle: DbHandle,
  input: { modelId: number; kind: DriftSubject; feature: string; from: Date; preferBefore: Date },
) {
  return handle.db
    .selectDistinctOn([modelVersions.id], {
      version: modelVersions.version,
      windowStart: driftSnapshots.windowStart,
      details: driftSnapshots.details,
    })
    .from(driftSnapshots)
    .innerJoin(modelVersions, eq(modelVersions.id, driftSnapshots.versionId))
    .where(
      and(
        eq(modelVersions.modelId, input.modelId),
        eq(driftSnapshots.kind, input.kind),
        eq(driftSnapshots.feature, input.feature),
        sql`${driftSnapshots.currentCount} > 0`,
        gte(driftSnapshots.windowStart, input.from),
      ),
    )
    .orderBy(
      asc(modelVersions.id),
      desc(sql`${driftSnapshots.windowStart} < ${timestamptz(input.preferBefore)}`),
      // As the drift table: a day whose check answered before a thinner, later one.
      desc(sql`${driftSnapshots.status} <> 'NOT_ENOUGH_DATA'`),
      desc(driftSnapshots.windowStart),
    );
}
