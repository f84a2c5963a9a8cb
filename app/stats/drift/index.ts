/** Public API of the drift half of the statistics engine (see docs/statistics-models.md). */
export { type AutoChoice, chooseDriftMethod } from "./auto";
export { type ChiSquareResult, chiSquare, chiSquareFromCounts, DEFAULT_UNSEEN_SHARE } from "./chi-square";
export {
  DEFAULT_DRIFT_THRESHOLDS,
  DEFAULT_LARGE_SAMPLE_SIZE,
  DEFAULT_MAX_CATEGORICAL_NUMERIC_VALUES,
  type DriftConfig,
  type DriftMethod,
  type DriftThresholds,
  type FeatureDriftOverride,
  type FeatureKind,
  P_VALUE_METHODS,
  resolveDriftConfig,
} from "./config";
export { type DriftResult, detectDrift, type MissingShareResult } from "./detect";
export { hellinger, hellingerFromCounts } from "./hellinger";
export {
  binCounts,
  binIndex,
  DEFAULT_BINS,
  edgesFromQuantiles,
  quantileLevels,
  quantileSorted,
  referenceQuantileEdges,
} from "./histogram";
export { jensenShannon, jensenShannonFromCounts } from "./jensen-shannon";
export { kolmogorovSmirnovSurvival } from "./kolmogorov-distribution";
export {
  KS_MAX_AUTO_N,
  type KsMethod,
  type KsResult,
  ksFromCounts,
  ksPValue,
  ksStatistic,
  ksTwoSample,
} from "./ks";
export { alignCategories, categoryCounts, isMissing, MISSING_CATEGORY, splitNumeric } from "./missing";
export { numericHistograms, type PairedHistogram } from "./numeric-histogram";
export { DEFAULT_PSI_EPSILON, psi, psiFromCounts } from "./psi";
export { smirnovSurvival } from "./smirnov";
export type { DistanceResult, DriftStatus, FeatureValue, TestResult } from "./types";
export {
  normalizedWasserstein,
  type WassersteinResult,
  wasserstein1,
  wassersteinFromCounts,
} from "./wasserstein";
