/** Public API of the model-performance half of the statistics engine (see docs/statistics-models.md). */
export { type BrierSums, brierScore, brierScoreFromSums } from "./brier";
export {
  type CalibrationBinSums,
  type CalibrationResult,
  calibration,
  calibrationBinIndex,
  calibrationFromBinSums,
  DEFAULT_CALIBRATION_BINS,
  type ReliabilityBin,
} from "./calibration";
export { DEFAULT_LOG_LOSS_EPS, logLoss } from "./log-loss";
export {
  type QueryRankingMetrics,
  queryRankingMetrics,
  type RankedItem,
  type RankingMetrics,
  rankingMetrics,
} from "./ranking";
export {
  MAPE_EPSILON,
  type RegressionMetrics,
  type RegressionSums,
  regressionMetrics,
  regressionMetricsFromSums,
  regressionSums,
} from "./regression";
export { type AucResult, rocAuc, rocAucFromCounts } from "./roc-auc";
export {
  type ConfusionCounts,
  DEFAULT_DECISION_THRESHOLD,
  metricsFromConfusion,
  type ThresholdMetrics,
  thresholdMetrics,
} from "./threshold-metrics";
export type { BinaryLabel, PerformanceStatus } from "./types";
