import { DEFAULT_CALIBRATION_BINS } from "#app/stats/performance/calibration";
import { DEFAULT_LOG_LOSS_EPS } from "#app/stats/performance/log-loss";
import { MAPE_EPSILON } from "#app/stats/performance/regression";
import { DEFAULT_DECISION_THRESHOLD } from "#app/stats/performance/threshold-metrics";
import type { DbHandle } from "#db/client";
import {
  type ClassificationSums,
  classificationSums,
  type RankingSums,
  type RegressionSumsRow,
  rankingSums,
  regressionSums,
} from "#db/queries/model-performance";
import type { ScanWindow } from "#db/queries/model-sql";
import {
  type PerformanceSnapshotRow,
  performanceWindowStarts,
  replacePerformanceSnapshots,
} from "#db/queries/model-snapshots";
import { type MonitoredVersion, monitoredVersions } from "#db/queries/model-versions";
import { versionLabel } from "./model-drift";
import { performanceObservations } from "./alert-conditions";
import { evaluateAlertRules } from "./alert-evaluation";
import {
  classificationWindowMetrics,
  type MetricValue,
  rankingWindowMetrics,
  regressionWindowMetrics,
} from "#app/stats/performance/from-sums";
import { type TimeWindow, dataEnd, floorDay, windowsToCompute } from "#app/stats/monitoring-windows";
import { type JobDefinition, forEachItem } from "./types";

/**
 * Labels arrive days after their predictions, so the latest week is recomputed on every run;
 * older windows only when they have no snapshot yet.
 */
const RECENT_DAYS = 7;
const RANKING_KS = [5, 10] as const;

export const modelPerformanceJob: JobDefinition = {
  name: "model-performance",
  description:
    "Per model version and daily window: the task's metrics over labelled predictions, from SQL sums",
  defaultSchedule: "0 * * * *",
  async run({ db, now, log, target }) {
    const versions = await monitoredVersions(db, target?.model);
    return forEachItem(versions, versionLabel, (v) => refreshPerformance(db, v, now), log);
  },
};

/** Equal-width calibration bin edges as the engine computes them (i · (1/bins)). */
const CALIBRATION_EDGES = Array.from(
  { length: DEFAULT_CALIBRATION_BINS - 1 },
  (_, i) => (i + 1) * (1 / DEFAULT_CALIBRATION_BINS),
);

/** Recomputes the performance snapshots of one version: one statement for all its windows. */
export async function refreshPerformance(db: DbHandle, version: MonitoredVersion, now: Date) {
  if (!version.firstPredictionAt) return { rowsScanned: 0 };
  const firstStart = floorDay(version.firstPredictionAt);
  const existing = await performanceWindowStarts(db, version.id, firstStart);
  const windows = windowsToCompute({ firstStart, now, existing, recentDays: RECENT_DAYS });
  if (windows.length === 0) return { rowsScanned: 0 };

  const scans = windows.map((w, idx) => ({ idx, start: w.start, end: dataEnd(w, now) }));
  const metrics = await windowMetrics(db, version, scans);
  const rows = windows.flatMap((w, idx) => (metrics.get(idx) ?? []).map((m) => snapshotRow(m, w)));
  await db.transaction(async (tx) => {
    await replacePerformanceSnapshots(tx, { versionId: version.id, windows, rows, computedAt: now });
    await evaluateAlertRules(
      tx,
      ["performance"],
      (rule) => performanceObservations(rule, version, rows),
      now,
    );
  });
  const scanned = [...metrics.values()].reduce(
    (sum, list) => sum + (list.find((m) => m.metric === "label_coverage")?.count ?? 0),
    0,
  );
  return { rowsScanned: scanned };
}

/** Metrics per window index, every window present (empty windows get null metrics). */
async function windowMetrics(
  db: DbHandle,
  version: MonitoredVersion,
  scans: ScanWindow[],
): Promise<Map<number, MetricValue[]>> {
  const base = { versionId: version.id, windows: scans };
  const perWindow = <T>(stats: Map<number, T>, empty: T, compute: (s: T) => MetricValue[]) =>
    new Map(scans.map((s) => [s.idx, compute(stats.get(s.idx) ?? empty)]));
  switch (version.task) {
    case "binary_classification": {
      const stats = await classificationSums(db, {
        ...base,
        threshold: DEFAULT_DECISION_THRESHOLD,
        logLossEps: DEFAULT_LOG_LOSS_EPS,
        calibrationEdges: CALIBRATION_EDGES,
      });
      return perWindow(stats, emptyClassification(), classificationWindowMetrics);
    }
    case "regression": {
      const stats = await regressionSums(db, { ...base, mapeEpsilon: MAPE_EPSILON });
      return perWindow(stats, emptyRegression(), regressionWindowMetrics);
    }
    case "ranking": {
      const stats = await rankingSums(db, { ...base, ks: RANKING_KS });
      return perWindow(stats, emptyRanking(), rankingWindowMetrics);
    }
    default:
      throw new Error(`unknown model task "${version.task}"`);
  }
}

function snapshotRow(m: MetricValue, window: TimeWindow): PerformanceSnapshotRow {
  return { ...m, windowStart: window.start, windowEnd: window.end };
}

function emptyClassification(): ClassificationSums {
  return {
    predictions: 0,
    labelled: 0,
    positives: 0,
    negatives: 0,
    positiveRankSum: 0,
    logLossSum: 0,
    sumP2: 0,
    sumPY: 0,
    sumY: 0,
    confusion: { tp: 0, fp: 0, tn: 0, fn: 0 },
    calibration: Array.from({ length: DEFAULT_CALIBRATION_BINS }, () => ({
      count: 0,
      sumScore: 0,
      sumLabel: 0,
    })),
  };
}

function emptyRegression(): RegressionSumsRow {
  return {
    predictions: 0,
    labelled: 0,
    sumY: 0,
    sumY2: 0,
    sumSquaredError: 0,
    sumAbsoluteError: 0,
    sumAbsolutePercentageError: 0,
    sumSquaredDeviation: 0,
  };
}

function emptyRanking(): RankingSums {
  const none = { ndcg: null, mrr: null, precision: null, recall: null, map: null, hitRate: null };
  return {
    predictions: 0,
    labelled: 0,
    queries: 0,
    evaluatedQueries: 0,
    atK: new Map(RANKING_KS.map((k) => [k, none])),
  };
}
