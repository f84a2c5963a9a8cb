import type { DbHandle } from "#db/client";
import {
  type SnapshotFilter,
  listDriftSnapshots,
  listPerformanceSnapshots,
} from "#db/queries/model-snapshots";
import { findModelVersion } from "#db/queries/model-versions";
import { notFound } from "#lib/errors";
import type { DriftSnapshotView, MonitoringQuery, PerformanceSnapshotView } from "#lib/contracts/models";
import { findModelRow } from "./models.server";

/** The snapshots a query covers: one named version (404 if unknown) or all of the model's. */
async function snapshotFilter(
  handle: DbHandle,
  key: string,
  query: MonitoringQuery,
): Promise<SnapshotFilter> {
  const model = await findModelRow(handle, key);
  const window = { from: query.from, to: query.to };
  if (query.version === undefined) return { versions: { modelId: model.id }, ...window };
  const row = await findModelVersion(handle, model.id, query.version);
  if (!row) throw notFound(`Model "${key}" has no version "${query.version}"`);
  return { versions: { versionId: row.id }, ...window };
}

/** GET /models/{key}/drift: the drift job's snapshots, by version, window, kind and feature. */
export async function listDrift(
  handle: DbHandle,
  key: string,
  query: MonitoringQuery,
): Promise<DriftSnapshotView[]> {
  const rows = await listDriftSnapshots(handle, await snapshotFilter(handle, key, query));
  return rows.map(({ version, snapshot: s }) => ({
    version,
    feature: s.feature,
    kind: s.kind,
    method: s.method,
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
  const rows = await listPerformanceSnapshots(handle, await snapshotFilter(handle, key, query));
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
