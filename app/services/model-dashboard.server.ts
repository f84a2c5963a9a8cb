/**
 * What the model pages read: a model's versions and the monitoring jobs' snapshots over a range
 * (drift without histograms, performance with its small details), and one subject's stored
 * histograms on demand. Snapshots only: the pages never scan predictions.
 */
import type { DbHandle } from "#db/client";
import {
  latestDriftDetails,
  listDriftStatistics,
  listPerformanceStatistics,
} from "#db/queries/model-snapshots";
import type { DriftSubject } from "#lib/vocabulary";
import { findModelRow, getModel } from "./models.server";

/**
 * A model with its versions, and its snapshots of windows starting at or after `from`; the
 * performance ones also from the versions' reference windows, which calibration compares against.
 */
export async function modelSnapshots(handle: DbHandle, key: string, from: Date) {
  const model = await findModelRow(handle, key);
  const detail = await getModel(handle, key);
  const performanceFrom = new Date(
    Math.min(
      from.getTime(),
      ...detail.versions.map((v) => (v.reference ? Date.parse(v.reference.from) : Infinity)),
    ),
  );
  const [drift, performance] = await Promise.all([
    listDriftStatistics(handle, { versions: { modelId: model.id }, from }),
    listPerformanceStatistics(handle, { versions: { modelId: model.id }, from: performanceFrom }),
  ]);
  return {
    model: detail,
    drift: drift.map((d) => ({ ...d, windowStart: d.windowStart.toISOString() })),
    performance: performance.map((p) => ({ ...p, windowStart: p.windowStart.toISOString() })),
  };
}

/**
 * The stored reference and current histograms of one subject per version: its latest complete
 * day with data since `from` (one whose check answered first), or today's window when there is none.
 */
export async function latestHistograms(
  handle: DbHandle,
  key: string,
  subject: { kind: DriftSubject; feature: string },
  window: { from: Date; today: Date },
) {
  const model = await findModelRow(handle, key);
  const rows = await latestDriftDetails(handle, {
    modelId: model.id,
    ...subject,
    from: window.from,
    preferBefore: window.today,
  });
  return rows.map((r) => ({
    version: r.version,
    windowStart: r.windowStart.toISOString(),
    details: r.details,
  }));
}
