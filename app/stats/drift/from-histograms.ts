/**
 * Drift detection from binned counts, for the model-drift job whose histograms come from SQL.
 *
 * The engine's `detectDrift` (app/stats/drift/detect.ts) takes raw values; this is the same
 * decision procedure over counts, built only from the engine's pieces: `resolveDriftConfig`,
 * `chooseDriftMethod`, the `…FromCounts` methods and `P_VALUE_METHODS`. It gives detectDrift's
 * exact answer for the histogram methods (PSI, Jensen–Shannon, Hellinger, chi-square) when the
 * edges are the same, and KS and Wasserstein from the fine reference-quantile cells
 * (value-cells.ts: within a tested precision of the raw statistics). It lives here because the
 * engine has no counts-level entry point; if it gains one, this file should shrink to a call.
 *
 * One deviation: the automatic "≤ 5 distinct values → compare as categories" rule counts the
 * distinct values of the reference only, because the binning must be fixed before the scan
 * that counts the current windows.
 */
import { chooseDriftMethod } from "./auto";
import { type DriftConfig, type FeatureKind, type ResolvedDriftConfig, resolveDriftConfig } from "./config";
import { enoughRows, histogramDrift, valueDriftWithMissing } from "./decision";
import type { DriftResult } from "./detect";
import { edgesFromQuantiles, quantileLevels } from "./histogram";
import { ksFromCells, type ValueCells, wassersteinFromCells } from "./value-cells";

/** What the reference scan tells about a feature's values. */
export interface ValueProfile {
  present: number;
  numbers: number;
  distinctNumbers: number;
  quantiles: readonly number[] | null;
}

export type Binning = { mode: "numeric"; edges: number[] } | { mode: "categories" };

/** Quantile levels of a feature's bin edges (its `bins` override, else the model's, else 10). */
export function binLevels(config: DriftConfig, feature?: string): number[] {
  return quantileLevels(resolveDriftConfig(config, feature).bins);
}

/** Every quantile level some feature needs: the reference scan computes them all at once. */
export function allBinLevels(config: DriftConfig): number[] {
  const sets = [binLevels(config), ...Object.keys(config.features ?? {}).map((f) => binLevels(config, f))];
  return [...new Set(sets.flat())].sort((a, b) => a - b);
}

/** A feature's own quantiles out of those computed at `allLevels`. */
export function featureQuantiles(
  quantiles: readonly number[] | null,
  allLevels: readonly number[],
  config: DriftConfig,
  feature: string,
): number[] | null {
  if (!quantiles) return null;
  return binLevels(config, feature).map((level) => quantiles[allLevels.indexOf(level)] ?? Number.NaN);
}

/** Numeric when every non-missing reference value is a number, like detectDrift's inference. */
function inferKind(profile: ValueProfile): FeatureKind {
  return profile.numbers > 0 && profile.numbers === profile.present ? "numeric" : "categorical";
}

/**
 * The feature's kind (override or inferred) and how to bin it: categories for categorical
 * features, and for numeric ones the automatic choice would compare as categories; otherwise
 * reference-quantile bins.
 */
export function chooseBinning(
  profile: ValueProfile,
  config: DriftConfig,
  feature: string,
): { kind: FeatureKind; binning: Binning } {
  const cfg = resolveDriftConfig(config, feature);
  const kind = cfg.kind ?? inferKind(profile);
  const asCategories =
    kind === "categorical" ||
    (cfg.method === null && profile.distinctNumbers <= cfg.maxCategoricalNumericValues);
  if (asCategories) return { kind, binning: { mode: "categories" } };
  return { kind, binning: { mode: "numeric", edges: edgesFromQuantiles(profile.quantiles ?? []) } };
}

/** One window's histogram of a feature: value bins (numeric) or categories then "other". */
export interface Histogram {
  counts: readonly number[];
  missing: number;
  /** Range of the numeric values (numeric binning). */
  min: number | null;
  max: number | null;
}

export interface HistogramComparison {
  feature: string;
  kind: FeatureKind;
  binning: Binning;
  /** Distinct numeric values in the reference (for the automatic method choice). */
  distinctNumbers: number;
  /** Population σ of the reference's numeric values (Wasserstein's scale). */
  referenceStd: number | null;
  reference: Histogram;
  current: Histogram;
  /** Numeric binning: both samples on the reference's fine cells (KS and Wasserstein). */
  cells?: { edges: readonly number[]; reference: ValueCells; current: ValueCells };
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/** detectDrift's decision for one feature from its reference and current histograms (see above). */
export function detectDriftFromHistograms(c: HistogramComparison, config: DriftConfig = {}): DriftResult {
  const cfg = resolveDriftConfig(config, c.feature);
  const referenceCount = sum(c.reference.counts) + c.reference.missing;
  const currentCount = sum(c.current.counts) + c.current.missing;
  const method =
    cfg.method ??
    chooseDriftMethod({
      kind: c.kind,
      referenceCount,
      distinctValues: c.distinctNumbers,
      largeSampleSize: cfg.largeSampleSize,
      maxCategoricalNumericValues: cfg.maxCategoricalNumericValues,
    }).method;
  const threshold = cfg.threshold ?? cfg.thresholds[method];
  const base = { method, kind: c.kind, threshold, referenceCount, currentCount };
  const none = { statistic: null, pValue: null, drifted: false, missing: null };

  if (!enoughRows(referenceCount, currentCount, cfg)) return { ...base, ...none, status: "NOT_ENOUGH_DATA" };
  if (method === "ks" || method === "wasserstein") {
    if (c.binning.mode !== "numeric" || !c.cells)
      return { ...base, ...none, status: "METHOD_NOT_APPLICABLE" };
    return valueDrift(method, c, c.cells, cfg, base);
  }
  const reference = [...c.reference.counts, c.reference.missing];
  const current = [...c.current.counts, c.current.missing];
  return { ...base, ...histogramDrift(method, reference, current, threshold, cfg), missing: null };
}

/** KS and Wasserstein compare the values; the missing share is tested on its own (detect.ts). */
function valueDrift(
  method: "ks" | "wasserstein",
  c: HistogramComparison,
  cells: NonNullable<HistogramComparison["cells"]>,
  cfg: ResolvedDriftConfig,
  base: Pick<DriftResult, "method" | "kind" | "threshold" | "referenceCount" | "currentCount">,
): DriftResult {
  return {
    ...base,
    ...valueDriftWithMissing(
      method,
      { present: sum(c.reference.counts), missing: c.reference.missing },
      { present: sum(c.current.counts), missing: c.current.missing },
      base.threshold,
      cfg,
      () =>
        method === "ks"
          ? ksFromCells(cells.edges, cells.reference, cells.current)
          : {
              ...wassersteinFromCells(cells.edges, cells.reference, cells.current, c.referenceStd ?? 0),
              pValue: ksFromCells(cells.edges, cells.reference, cells.current).pValue,
            },
    ),
  };
}
