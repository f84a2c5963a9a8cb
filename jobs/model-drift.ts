import { driftConfigSchema } from "#lib/contracts/models";
import type { DriftConfig } from "#app/stats/drift/config";
import type { DbHandle } from "#db/client";
import { replaceReferenceCells, storedReferenceCells } from "#db/queries/drift-reference-cells";
import { type BinningSpec, driftHistograms, referenceProfiles } from "#db/queries/model-drift";
import { REFERENCE_IDX, type ScanWindow } from "#db/queries/model-sql";
import {
  type DriftSnapshotRow,
  driftWindowStarts,
  replaceDriftSnapshots,
  storedReferences,
} from "#db/queries/model-snapshots";
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

/** Today and yesterday are recomputed on every run: late predictions still land in them. */
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
 * Recomputes the drift snapshots of one version: the latest RECENT_DAYS windows and any missing
 * one. The reference side comes from the earlier snapshots when they hold it (see
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
  const existing = await driftWindowStarts(db, version.id, firstStart, key);
  const windows = windowsToCompute({ firstStart, now, existing, recentDays: RECENT_DAYS });
  if (windows.length === 0) return { rowsScanned: 0 };

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
  const rows = windows.flatMap((w, idx) => summaries.map((s) => snapshotRow(s, histograms, idx, w, config)));
  await db.transaction(async (tx) => {
    await replaceDriftSnapshots(tx, {
      versionId: version.id,
      windows,
      validFrom: firstStart,
      rows,
      computedAt: now,
    });
    await evaluateAlertRules(tx, ["drift"], (rule) => driftObservations(rule, version, rows), now);
  });
  const scanned = scans.reduce((sum, s) => sum + histograms.total(s.idx), 0);
  return { rowsScanned: referenceReads + scanned };
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
