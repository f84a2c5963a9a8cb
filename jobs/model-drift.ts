import { driftConfigSchema } from "#lib/contracts/models";
import type { DriftConfig } from "#app/stats/drift/config";
import type { DbHandle } from "#db/client";
import { replaceReferenceCells, storedReferenceCells } from "#db/queries/drift-reference-cells";
import { type BinningSpec, driftHistograms, referenceProfiles } from "#db/queries/model-drift";
import { REFERENCE_IDX, type ScanWindow } from "#db/queries/model-sql";
import { driftSnapshotRows, driftWindowSources, windowSources } from "#db/queries/drift-windows";
import { type DriftSnapshotRow, replaceDriftSnapshots, storedReferences } from "#db/queries/model-snapshots";
import { type MonitoredVersion, monitoredVersions } from "#db/queries/model-versions";
import {
  allBinLevels,
  chooseBinning,
  detectDriftFromHistograms,
  featureQuantiles,
} from "#app/stats/drift/from-histograms";
import { CELL_LEVELS, cellEdges } from "#app/stats/drift/value-cells";
import {
  binningOf,
  configFingerprint,
  type DriftDetails,
  type ReferenceCells,
  type ReferenceKey,
  type ReferenceSummary,
  type StoredReference,
  storedReference,
} from "./drift-reference-summary";
import { WindowHistograms } from "./drift-window-histograms";
import { driftObservations } from "./alert-conditions";
import { evaluateAlertRules } from "./alert-evaluation";
import {
  type TimeWindow,
  ceilDay,
  dataEnd,
  referenceWindow,
  windowsToCompute,
} from "#app/stats/monitoring-windows";
import { type JobDefinition, forEachItem } from "./types";

/**
 * The latest windows the alert rules look at on every run (today and yesterday): recomputed when
 * their data changed, else read back as stored.
 */
const RECENT_DAYS = 2;

export const modelDriftJob: JobDefinition = {
  name: "model-drift",
  description:
    "Per model version: each feature, the score and the label, reference window vs daily windows (binned in SQL; KS and Wasserstein on fine reference-quantile cells)",
  defaultSchedule: "0 * * * *",
  async run({ db, now, log, target }) {
    const versions = await monitoredVersions(db, target?.model);
    return forEachItem(versions, versionLabel, (v) => refreshDrift(db, v, now), log);
  },
};

export function versionLabel(v: MonitoredVersion): string {
  return `model ${v.modelKey} version ${v.version}`;
}

/** The model's stored drift config, validated: a bad one fails this version, not the run. */
function driftConfigOf(version: MonitoredVersion): DriftConfig {
  if (version.driftConfig === null || version.driftConfig === undefined) return {};
  const parsed = driftConfigSchema.safeParse(version.driftConfig);
  if (!parsed.success)
    throw new Error(`invalid driftConfig of model ${version.modelKey}: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * Recomputes the drift snapshots of one version: every window (within MAX_WINDOW_DAYS) that is
 * missing or whose data changed since it was computed — new or late predictions, new or
 * corrected labels (db/queries/drift-windows.ts) — so an hourly run scans only the current day
 * unless late data arrived. Unchanged windows would give the same snapshots and are skipped; the
 * latest RECENT_DAYS windows still feed the alert rules on every run (stored rows if skipped).
 * The reference side comes from the earlier snapshots when they hold it (see
 * reference-summary.ts, and the numeric features' fine cells from drift_reference_cells);
 * otherwise it takes two scans: the reference profile (types, quantile edges, cell edges), then
 * the binned and celled sums of the reference and all the windows at once.
 */
export async function refreshDrift(db: DbHandle, version: MonitoredVersion, now: Date) {
  const config = driftConfigOf(version);
  const reference = referenceWindow(version);
  if (!reference) return { rowsScanned: 0 };
  const key: ReferenceKey = {
    from: reference.start.toISOString(),
    to: reference.end.toISOString(),
    config: configFingerprint(config),
  };
  const firstStart = ceilDay(reference.end);
  // Every window there may be (none counts as computed yet); changedWindows picks those to redo.
  const all = windowsToCompute({ firstStart, now, existing: new Set(), recentDays: RECENT_DAYS });
  if (all.length === 0) return { rowsScanned: 0 };
  const { windows, sources } = await changedWindows(db, version.id, all, key, now);
  const recent = all.slice(-RECENT_DAYS).filter((w) => !windows.includes(w));
  const kept = await driftSnapshotRows(
    db,
    version.id,
    recent.map((w) => w.start),
  );
  if (windows.length === 0) {
    await db.transaction((tx) =>
      evaluateAlertRules(tx, ["drift"], (rule) => driftObservations(rule, version, kept), now),
    );
    return { rowsScanned: 0 };
  }

  const scans = windows.map((w, idx) => ({ idx, start: w.start, end: dataEnd(w, now) }));
  const stored = await storedSummaries(db, version.id, key, reference.end);
  const { summaries, histograms, referenceReads } = stored
    ? await scanWithStoredReference(db, version.id, scans, stored)
    : await scanWithReference(
        db,
        version.id,
        scans,
        { ...reference, end: dataEnd(reference, now) },
        key,
        config,
      );
  if (!stored) {
    await replaceReferenceCells(db, {
      versionId: version.id,
      reference: key,
      computedAt: now,
      rows: summaries.flatMap((s) =>
        s.cells
          ? [{ kind: s.subject, feature: s.name, cells: { ...s.cells } as Record<string, unknown> }]
          : [],
      ),
    });
  }
  const rows = windows.flatMap((w, idx) =>
    summaries.map((s) => ({
      ...snapshotRow(s, histograms, idx, w, config),
      source: sources.get(w.start.getTime()) ?? null,
    })),
  );
  await db.transaction(async (tx) => {
    await replaceDriftSnapshots(tx, {
      versionId: version.id,
      windows,
      validFrom: firstStart,
      rows,
      computedAt: now,
    });
    await evaluateAlertRules(
      tx,
      ["drift"],
      (rule) => driftObservations(rule, version, [...rows, ...kept]),
      now,
    );
  });
  const scanned = scans.reduce((sum, s) => sum + histograms.total(s.idx), 0);
  return { rowsScanned: referenceReads + scanned };
}

/** The data mark of a window without predictions (windowSources returns no row for it). */
const NO_DATA = "0";

/**
 * The windows among `all` to recompute — no snapshots under this reference yet, snapshots
 * without a data mark, or a mark that no longer matches the data — and every window's current
 * mark (start ms → mark) to store with its new snapshots.
 */
async function changedWindows(
  db: DbHandle,
  versionId: number,
  all: readonly TimeWindow[],
  key: ReferenceKey,
  now: Date,
): Promise<{ windows: TimeWindow[]; sources: Map<number, string> }> {
  const stored = await driftWindowSources(db, versionId, all[0]?.start ?? now, key);
  const current = await windowSources(
    db,
    versionId,
    all.map((w, idx) => ({ idx, start: w.start, end: dataEnd(w, now) })),
  );
  const sources = new Map(all.map((w, idx) => [w.start.getTime(), current.get(idx) ?? NO_DATA]));
  const windows = all.filter((w) => {
    const was = stored.get(w.start.getTime());
    return was === undefined || was === null || was !== sources.get(w.start.getTime());
  });
  return { windows, sources };
}

interface WindowScan {
  summaries: ReferenceSummary[];
  histograms: WindowHistograms;
  /** Reference predictions read. */
  referenceReads: number;
}

/**
 * The reference summaries stored by earlier runs under this key, each numeric one with its fine
 * cells; null when there are none or a numeric feature's cells are missing (a reference stored
 * before the cells existed is profiled again).
 */
async function storedSummaries(
  db: DbHandle,
  versionId: number,
  key: ReferenceKey,
  referenceEnd: Date,
): Promise<ReferenceSummary[] | null> {
  const stored = await storedReferences(db, versionId, key, referenceEnd);
  if (stored.length === 0) return null;
  const cells = new Map(
    (await storedReferenceCells(db, versionId, key, referenceEnd)).map((c) => [
      `${c.kind}\u0000${c.feature}`,
      c.cells as unknown as ReferenceCells,
    ]),
  );
  const summaries = stored.map((s): ReferenceSummary => {
    const reference = s.reference as StoredReference;
    const own = cells.get(`${s.kind}\u0000${s.feature}`);
    return { ...reference, subject: s.kind, name: s.feature, ...(own ? { cells: own } : {}) };
  });
  return summaries.every((s) => !s.edges || s.cells) ? summaries : null;
}

/** The current windows only, binned and celled as the stored reference says. */
async function scanWithStoredReference(
  db: DbHandle,
  versionId: number,
  scans: ScanWindow[],
  summaries: ReferenceSummary[],
): Promise<WindowScan> {
  const spec: BinningSpec[] = summaries.map((s) => ({
    subject: s.subject,
    name: s.name,
    edges: s.edges ?? null,
    categories: s.edges ? null : (s.categories ?? []),
    cells: s.cells?.edges ?? null,
  }));
  const histograms = new WindowHistograms(await driftHistograms(db, { versionId, windows: scans, spec }));
  return { summaries, histograms, referenceReads: 0 };
}

/** Profiles the reference, then bins it together with the current windows. */
async function scanWithReference(
  db: DbHandle,
  versionId: number,
  scans: ScanWindow[],
  reference: TimeWindow,
  key: ReferenceKey,
  config: DriftConfig,
): Promise<WindowScan> {
  const referenceScan: ScanWindow = { idx: REFERENCE_IDX, ...reference };
  const levels = allBinLevels(config);
  const profiles = await referenceProfiles(db, {
    versionId,
    window: referenceScan,
    levels,
    cellLevels: CELL_LEVELS,
  });
  if (profiles.length === 0)
    return { summaries: [], histograms: new WindowHistograms([]), referenceReads: 0 };
  const planned = profiles.map((profile) => {
    const quantiles = featureQuantiles(profile.quantiles, levels, config, profile.name);
    const choice = chooseBinning({ ...profile, quantiles }, config, profile.name);
    const cells = choice.binning.mode === "numeric" ? cellEdges(profile.cellQuantiles ?? []) : null;
    return { profile, ...choice, cells };
  });
  const spec: BinningSpec[] = planned.map(({ profile, binning, cells }) => ({
    subject: profile.subject,
    name: profile.name,
    edges: binning.mode === "numeric" ? binning.edges : null,
    categories: null,
    cells,
  }));
  const histograms = new WindowHistograms(
    await driftHistograms(db, { versionId, windows: [referenceScan, ...scans], spec }),
  );
  const summaries = planned.map(({ profile, kind, binning, cells }): ReferenceSummary => {
    const categories = binning.mode === "categories" ? histograms.categories(profile, REFERENCE_IDX) : [];
    return {
      ...(cells
        ? { cells: { edges: cells, ...histograms.cells(profile, REFERENCE_IDX, cells.length) } }
        : {}),
      ...key,
      subject: profile.subject,
      name: profile.name,
      kind,
      distinctNumbers: profile.distinctNumbers,
      std: profile.std,
      ...(binning.mode === "numeric" ? { edges: binning.edges } : { categories }),
      ...histograms.histogram(profile, REFERENCE_IDX, binning, categories.length),
    };
  });
  // The reference is read twice: once to profile it, once to count its bins.
  return { summaries, histograms, referenceReads: 2 * histograms.total(REFERENCE_IDX) };
}

function snapshotRow(
  reference: ReferenceSummary,
  histograms: WindowHistograms,
  idx: number,
  window: TimeWindow,
  config: DriftConfig,
): DriftSnapshotRow {
  const binning = binningOf(reference);
  const current = histograms.histogram(reference, idx, binning, reference.categories?.length ?? 0);
  const result = detectDriftFromHistograms(
    {
      feature: reference.name,
      kind: reference.kind,
      binning,
      distinctNumbers: reference.distinctNumbers,
      referenceStd: reference.std,
      reference,
      current,
      ...(reference.cells
        ? {
            cells: {
              edges: reference.cells.edges,
              reference: reference.cells,
              current: histograms.cells(reference, idx, reference.cells.edges.length),
            },
          }
        : {}),
    },
    config,
  );
  const details: DriftDetails = {
    reference: storedReference(reference),
    current,
    ...(result.missing ? { missingShare: result.missing } : {}),
  };
  return {
    feature: reference.name,
    kind: reference.subject,
    windowStart: window.start,
    windowEnd: window.end,
    method: result.method,
    statistic: result.statistic,
    pValue: result.pValue,
    threshold: result.threshold,
    drifted: result.drifted,
    referenceCount: result.referenceCount,
    currentCount: result.currentCount,
    status: result.status,
    details,
  };
}
