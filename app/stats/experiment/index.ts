/**
 * Public surface of the experiment-statistics engine. `compareVariants` is the entry point; the
 * individual methods are exported for the results job, power planning and interleaving.
 */
export { armMean, armMoments, isValidArm } from "./arm-moments";
export { bayesianNormalTest, expectedPositivePart, normalPosterior, type NormalPrior } from "./bayesian";
export {
  type BayesianCompareOptions,
  type CompareOptions,
  type Comparison,
  compareVariants,
  type FrequentistCompareOptions,
} from "./compare-variants";
export {
  cupedAbsoluteDifference,
  cupedArmMoments,
  cupedRelativeLift,
  type CupedSums,
  pooledCupedTheta,
} from "./cuped";
export {
  type HealthCode,
  type HealthReason,
  MULTIPLE_EXPOSURES_THRESHOLD,
  type ReadoutHealth,
  readoutHealth,
  type Verdict,
  verdictOf,
} from "./health";
export {
  analyzeInterleaving,
  type InterleavedItem,
  type Team,
  teamDraftInterleave,
  teamDraftOutcome,
} from "./interleaving";
export {
  adjustPValues,
  benjaminiHochbergAdjust,
  type CorrectionMethod,
  holmAdjust,
} from "./multiple-testing";
export {
  minimumDetectableEffect,
  type PowerBaseline,
  requiredSampleSize,
  standardizedShiftForPower,
} from "./power";
export { ratioMoments } from "./ratio-metric";
export {
  experimentReadout,
  type Readout,
  type ReadoutComparison,
  type ReadoutMetric,
  type ReadoutSettings,
} from "./readout";
export { relativeLift } from "./relative-lift";
export { mulberry32 } from "./seeded-random";
export { alwaysValidPValue, confidenceSequenceHalfWidth, sequentialRho, sequentialTest } from "./sequential";
export { signTestPValue } from "./sign-test";
export { SRM_P_VALUE_THRESHOLD, sampleRatioMismatch } from "./srm";
export {
  armSumsFromValues,
  bernoulliVariance,
  meanFromSums,
  mergeArmSums,
  sampleCovarianceFromSums,
  sampleVarianceFromSums,
} from "./sufficient-stats";
export * from "./types";
export { absoluteDifference, tIntervalTest, welchDegreesOfFreedom, welchTTest } from "./welch";
