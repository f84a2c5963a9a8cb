/**
 * Drift configuration: per-method thresholds, binning defaults and per-feature overrides.
 * Defaults follow Evidently's (p < 0.05 for tests, 0.1 for distances); see
 * docs/statistics-models.md.
 */
import { DEFAULT_UNSEEN_SHARE } from "./chi-square";
import { DEFAULT_BINS } from "./histogram";
import { DEFAULT_PSI_EPSILON } from "./psi";

export type DriftMethod = "ks" | "chi-square" | "wasserstein" | "psi" | "jensen-shannon" | "hellinger";
export type FeatureKind = "numeric" | "categorical";

/** Methods whose decision is "p-value < threshold"; the others decide on "statistic ≥ threshold". */
export const P_VALUE_METHODS: ReadonlySet<DriftMethod> = new Set<DriftMethod>(["ks", "chi-square"]);

export type DriftThresholds = Record<DriftMethod, number>;

export const DEFAULT_DRIFT_THRESHOLDS: Readonly<DriftThresholds> = {
  ks: 0.05,
  "chi-square": 0.05,
  wasserstein: 0.1,
  psi: 0.1,
  "jensen-shannon": 0.1,
  hellinger: 0.1,
};

/** Reference sizes up to this use statistical tests in the automatic choice; larger use distances. */
export const DEFAULT_LARGE_SAMPLE_SIZE = 1000;
/** Numeric features with at most this many distinct values are compared as categories by the automatic choice. */
export const DEFAULT_MAX_CATEGORICAL_NUMERIC_VALUES = 5;
/**
 * The fewest rows either sample may have before it is judged: today's window an hour after
 * midnight holds a few dozen rows, on which every method is mostly noise (docs/statistics-models.md §1.5).
 */
export const DEFAULT_MIN_ROWS = 100;
/**
 * A distance drifts only when the matching test (KS for Wasserstein, chi-square for the histogram
 * distances) also rejects "same distribution" at this level: a distance measured on a few hundred
 * rows is biased upwards by sampling noise (W₁/σ ≈ 0.09 at 200 rows with no drift at all).
 */
export const DEFAULT_SIGNIFICANCE = 0.05;

/** Per-feature settings that win over the model-wide ones. */
export interface FeatureDriftOverride {
  method?: DriftMethod;
  threshold?: number;
  kind?: FeatureKind;
  bins?: number;
}

export interface DriftConfig {
  /** Model-wide method for every feature (otherwise chosen automatically per feature). */
  method?: DriftMethod;
  /** Per-method thresholds; unspecified ones keep {@link DEFAULT_DRIFT_THRESHOLDS}. */
  thresholds?: Partial<DriftThresholds>;
  /** Number of reference-quantile bins for numeric histogram methods (default 10). */
  bins?: number;
  /** Proportion replacing empty bins in PSI (default 1e-4). */
  psiEpsilon?: number;
  /** Reference share given to categories unseen in the reference by chi-square (default 1e-4). */
  unseenShare?: number;
  /** Reference size above which the automatic choice switches from tests to distances (default 1000). */
  largeSampleSize?: number;
  /** Numeric features with at most this many distinct values are treated as categorical by the automatic choice (default 5). */
  maxCategoricalNumericValues?: number;
  /** Fewer rows than this in either sample: NOT_ENOUGH_DATA (default 100). */
  minRows?: number;
  /** A distance drifts only when its matching test's p-value is below this too (default 0.05; 1 turns it off). */
  significance?: number;
  /** Overrides keyed by feature name. */
  features?: Record<string, FeatureDriftOverride>;
}

export interface ResolvedDriftConfig {
  method: DriftMethod | null;
  threshold: number | null;
  kind: FeatureKind | null;
  thresholds: DriftThresholds;
  bins: number;
  psiEpsilon: number;
  unseenShare: number;
  largeSampleSize: number;
  maxCategoricalNumericValues: number;
  minRows: number;
  significance: number;
}

/** Merge defaults, model-wide settings and the feature's override (feature wins). */
export function resolveDriftConfig(config: DriftConfig = {}, feature?: string): ResolvedDriftConfig {
  const override = feature !== undefined ? config.features?.[feature] : undefined;
  return {
    method: override?.method ?? config.method ?? null,
    threshold: override?.threshold ?? null,
    kind: override?.kind ?? null,
    thresholds: { ...DEFAULT_DRIFT_THRESHOLDS, ...config.thresholds },
    bins: override?.bins ?? config.bins ?? DEFAULT_BINS,
    psiEpsilon: config.psiEpsilon ?? DEFAULT_PSI_EPSILON,
    unseenShare: config.unseenShare ?? DEFAULT_UNSEEN_SHARE,
    largeSampleSize: config.largeSampleSize ?? DEFAULT_LARGE_SAMPLE_SIZE,
    maxCategoricalNumericValues: config.maxCategoricalNumericValues ?? DEFAULT_MAX_CATEGORICAL_NUMERIC_VALUES,
    minRows: Math.max(1, config.minRows ?? DEFAULT_MIN_ROWS),
    significance: config.significance ?? DEFAULT_SIGNIFICANCE,
  };
}
