import type { DbHandle } from "#db/client";
import {
  type SnapshotFilter,
  listDriftSnapshots,
  listPerformanceSnapshots,
} from "#db/queries/model-snapshots";
import { findModelVersion } from "#db/queries/model-versions";
import { notFound } from "#lib/errors";
import type {
  DriftQuery,
  DriftSnapshotView,
  MonitoringQuery,
  PerformanceQuery,
  PerformanceSnapshotView,
} from "#lib/contracts/models";
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
  query: DriftQuery,
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
    ...(query.include === "bins" ? binsOf(s.details) : {}),
  }));
}

type Counts = { counts: number[]; missing: number };

/** The histograms the drift job stores in a snapshot's details, as the API publishes them. */
function binsOf(details: Record<string, unknown> | null): Pick<DriftSnapshotView, "bins"> {
  const stored = details as {
    reference?: Counts & { edges?: number[]; categories?: string[] };
    current?: Counts;
  } | null;
  if (!stored?.reference || !stored.current) return {};
  const { reference, current } = stored;
  return {
    bins: {
      ...(reference.edges ? { edges: reference.edges } : { categories: reference.categories ?? [] }),
      reference: { counts: reference.counts, missing: reference.missing },
      current: { counts: current.counts, missing: current.missing },
    },
  };
}

/** GET /models/{key}/performance: the performance job's snapshots, by version, window, metric and k. */
export async function listPerformance(
  handle: DbHandle,
  key: string,
  query: PerformanceQuery,
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
    ...(query.include === "details" ? performanceDetails(s.details) : {}),
  }));
}

/** The calibration bins and confusion counts the performance job stores in a snapshot's details. */
function performanceDetails(
  details: Record<string, unknown> | null,
): Pick<PerformanceSnapshotView, "calibration" | "confusion"> {
  const stored = details as
    | (Pick<PerformanceSnapshotView, "confusion"> & {
        bins?: PerformanceSnapshotView["calibration"];
      })
    | null;
  return {
    ...(stored?.bins ? { calibration: stored.bins } : {}),
    ...(stored?.confusion ? { confusion: stored.confusion } : {}),
  };
}
