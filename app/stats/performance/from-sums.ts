/**
 * Performance metrics of one window from the SQL sufficient statistics
 * (db/queries/model-performance.ts), through the engine's `…FromSums`/`…FromCounts` functions.
 * Two small pieces the engine has no sufficient-statistics form for live here: AUC from the
 * positives' rank sum and log loss from the summed per-row loss.
 */
import { type BrierSums, brierScoreFromSums } from "./brier";
import { type CalibrationBinSums, calibrationFromBinSums } from "./calibration";
import { type RegressionSums, regressionMetricsFromSums } from "./regression";
import type { AucResult } from "./roc-auc";
import { type ConfusionCounts, metricsFromConfusion } from "./threshold-metrics";
import type { PerformanceStatus } from "./types";

/*
 * The window sums below name only what these functions read; the performance job passes the
 * SQL's rows (db/queries/model-performance.ts) straight in, and the compiler checks they fit.
 */

/** Predictions in the window, and how many of them have a label. */
interface Coverage {
  predictions: number;
  labelled: number;
}

export interface MetricValue {
  metric: string;
  /** Cut-off for ranking metrics, 0 otherwise. */
  k: number;
  value: number | null;
  count: number;
  details: Record<string, unknown> | null;
}

interface RankSums {
  positives: number;
  negatives: number;
  /** Σ mid-ranks of the positives. */
  positiveRankSum: number;
}

/**
 * ROC AUC from the Mann–Whitney rank sum: (R₊ − n₊(n₊+1)/2) / (n₊ n₋), with tied scores given
 * their mid-rank. Identical to the engine's rocAucFromCounts over distinct-score bins (a tied
 * positive/negative pair counts ½), without sending one row per distinct score to Node.
 */
export function aucFromRankSum(s: RankSums): AucResult {
  const { positives, negatives } = s;
  if (positives === 0 && negatives === 0)
    return { auc: null, positives, negatives, status: "NOT_ENOUGH_DATA" };
  if (positives === 0) return { auc: null, positives, negatives, status: "NO_POSITIVES" };
  if (negatives === 0) return { auc: null, positives, negatives, status: "NO_NEGATIVES" };
  const u = s.positiveRankSum - (positives * (positives + 1)) / 2;
  return { auc: u / (positives * negatives), positives, negatives, status: "ok" };
}

/** Mean binary log loss from Σ of the clipped per-row losses (the engine's logLoss, summed in SQL). */
export function logLossFromSum(
  sum: number,
  n: number,
): { logLoss: number | null; status: PerformanceStatus } {
  if (n <= 0) return { logLoss: null, status: "NOT_ENOUGH_DATA" };
  return { logLoss: sum / n, status: "ok" };
}

function metric(
  name: string,
  value: number | null,
  count: number,
  status: PerformanceStatus,
  details: Record<string, unknown> = {},
): MetricValue {
  const all = { ...details, ...(value === null ? { status } : {}) };
  return { metric: name, k: 0, value, count, details: Object.keys(all).length > 0 ? all : null };
}

/** Share of the window's predictions that have a label; its count is the window's predictions. */
export function labelCoverage(c: Coverage): MetricValue {
  const value = c.predictions > 0 ? c.labelled / c.predictions : null;
  return metric("label_coverage", value, c.predictions, "NOT_ENOUGH_DATA", { labelled: c.labelled });
}

export function classificationWindowMetrics(
  s: Coverage &
    RankSums &
    Omit<BrierSums, "n"> & {
      logLossSum: number;
      confusion: ConfusionCounts;
      calibration: readonly CalibrationBinSums[];
    },
): MetricValue[] {
  const n = s.labelled;
  const auc = aucFromRankSum(s);
  const logLoss = logLossFromSum(s.logLossSum, n);
  const brier = brierScoreFromSums({ n, sumP2: s.sumP2, sumPY: s.sumPY, sumY: s.sumY });
  const threshold = metricsFromConfusion(s.confusion);
  const calibration = calibrationFromBinSums(s.calibration);
  const confusion = { confusion: threshold.confusion };
  return [
    labelCoverage(s),
    metric("auc", auc.auc, n, auc.status, { positives: auc.positives, negatives: auc.negatives }),
    metric("log_loss", logLoss.logLoss, n, logLoss.status),
    metric("brier", brier.brier, n, brier.status),
    metric("accuracy", threshold.accuracy, n, threshold.status, confusion),
    metric("precision", threshold.precision, n, threshold.reasons.precision ?? threshold.status, confusion),
    metric("recall", threshold.recall, n, threshold.reasons.recall ?? threshold.status, confusion),
    metric("f1", threshold.f1, n, threshold.reasons.f1 ?? threshold.status, confusion),
    metric("ece", calibration.ece, n, calibration.status, { bins: calibration.bins }),
  ];
}

export function regressionWindowMetrics(s: Coverage & Omit<RegressionSums, "n">): MetricValue[] {
  const r = regressionMetricsFromSums({ ...s, n: s.labelled });
  return [
    labelCoverage(s),
    metric("rmse", r.rmse, r.n, r.status),
    metric("mae", r.mae, r.n, r.status),
    metric("mape", r.mape, r.n, r.status),
    metric("r2", r.r2, r.n, r.reasons.r2 ?? r.status),
  ];
}

const RANKING_METRICS = [
  ["ndcg", "ndcg"],
  ["mrr", "mrr"],
  ["precision", "precision"],
  ["recall", "recall"],
  ["map", "map"],
  ["hit_rate", "hitRate"],
] as const;

/** Ranking metrics at each k; their count is the number of queries averaged. */
export function rankingWindowMetrics(
  s: Coverage & {
    queries: number;
    evaluatedQueries: number;
    atK: ReadonlyMap<number, Record<(typeof RANKING_METRICS)[number][1], number | null>>;
  },
): MetricValue[] {
  const details = { queries: s.queries, excludedQueries: s.queries - s.evaluatedQueries };
  const out: MetricValue[] = [labelCoverage(s)];
  for (const [k, values] of s.atK) {
    for (const [name, field] of RANKING_METRICS) {
      const value = values[field];
      out.push({ ...metric(name, value, s.evaluatedQueries, "NOT_ENOUGH_DATA", details), k });
    }
  }
  return out;
}
