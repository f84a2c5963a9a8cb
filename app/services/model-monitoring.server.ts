import { and, asc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { DbHandle } from "#db/client";
import { driftSnapshots, modelVersions, performanceSnapshots } from "#db/schema";
import { notFound } from "#lib/errors";
import type { DriftSnapshotView, MonitoringQuery, PerformanceSnapshotView } from "#lib/contracts/models";
import { findModelRow, findVersionRow } from "./models.server";

/** The version ids a query covers: one named version (404 if unknown) or all of the model's. */
async function versionFilter(handle: DbHandle, key: string, version: string | undefined) {
  const model = await findModelRow(handle, key);
  if (version === undefined) return eq(modelVersions.modelId, model.id);
  const row = await findVersionRow(handle, model.id, version);
  if (!row) throw notFound(`Model "${key}" has no version "${version}"`);
  return eq(modelVersions.id, row.id);
}

/** Windows starting in [from, to). */
function windowFilter(column: PgColumn, query: MonitoringQuery): SQL | undefined {
  return and(query.from ? gte(column, query.from) : undefined, query.to ? lt(column, query.to) : undefined);
}

/** GET /models/{key}/drift: the drift job's snapshots, by version, window, kind and feature. */
export async function listDrift(
  handle: DbHandle,
  key: string,
  query: MonitoringQuery,
): Promise<DriftSnapshotView[]> {
  const versions = await versionFilter(handle, key, query.version);
  const rows = await handle.db
    .select({ version: modelVersions.version, snapshot: driftSnapshots })
    .from(driftSnapshots)
    .innerJoin(modelVersions, eq(modelVersions.id, driftSnapshots.versionId))
    .where(and(versions, windowFilter(driftSnapshots.windowStart, query)))
    .orderBy(
      asc(modelVersions.id),
      asc(driftSnapshots.windowStart),
      asc(driftSnapshots.kind),
      asc(driftSnapshots.feature),
    );
  return rows.map(({ version, snapshot: s }) => ({
    version,
    feature: s.feature,
    kind: s.kind as DriftSnapshotView["kind"],
    method: s.method as DriftSnapshotView["method"],
    statistic: s.statistic,
    ...(s.pValue !== null ? { pValue: s.pValue } : {}),
    threshold: s.threshold,
    drifted: s.drifted,
    windowStart: s.windowStart.toISOString(),
    windowEnd: s.windowEnd.toISOString(),
    referenceCount: s.referenceCount,
    currentCount: s.currentCount,
    status: s.status,
  }));
}

/** GET /models/{key}/performance: the performance job's snapshots, by version, window, metric and k. */
export async function listPerformance(
  handle: DbHandle,
  key: string,
  query: MonitoringQuery,
): Promise<PerformanceSnapshotView[]> {
  const versions = await versionFilter(handle, key, query.version);
  const rows = await handle.db
    .select({ version: modelVersions.version, snapshot: performanceSnapshots })
    .from(performanceSnapshots)
    .innerJoin(modelVersions, eq(modelVersions.id, performanceSnapshots.versionId))
    .where(and(versions, windowFilter(performanceSnapshots.windowStart, query)))
    .orderBy(
      asc(modelVersions.id),
      asc(performanceSnapshots.windowStart),
      asc(performanceSnapshots.metric),
      asc(performanceSnapshots.k),
    );
  return rows.map(({ version, snapshot: s }) => ({
    version,
    metric: s.metric,
    ...(s.k !== 0 ? { k: s.k } : {}),
    value: s.value,
    count: s.count,
    windowStart: s.windowStart.toISOString(),
    windowEnd: s.windowEnd.toISOString(),
  }));
}
