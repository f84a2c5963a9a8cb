/**
 * Feature drift detection: pick (or take from the config) a method, run it on the reference and
 * current samples and compare with the threshold.
 *
 * Missing values (null, undefined, NaN, ±Infinity) are a category of their own:
 * - categorical features and the histogram methods (PSI, Jensen–Shannon, Hellinger,
 *   chi-square) count them in a dedicated "missing" category/bin;
 * - KS and Wasserstein compare the non-missing values, and the missing share is tested
 *   separately with the categorical counterpart (KS ↔ chi-square p-value, Wasserstein ↔
 *   Jensen–Shannon distance, each with its configured threshold); the feature has drifted if
 *   either test says so.
 */
import { chooseDriftMethod } from "./auto";
import {
  type DriftConfig,
  type DriftMethod,
  type FeatureKind,
  type ResolvedDriftConfig,
  resolveDriftConfig,
} from "./config";
import { enoughRows, histogramDrift, type MissingShareResult, valueDriftWithMissing } from "./decision";
import { ksTwoSample } from "./ks";
import { alignCategories, categoryCounts, isMissing, splitNumeric } from "./missing";
import { numericHistograms } from "./numeric-histogram";
import type { DriftStatus, FeatureValue } from "./types";
import { normalizedWasserstein } from "./wasserstein";

export type { MissingShareResult };

export interface DriftResult {
  method: DriftMethod;
  kind: FeatureKind;
  /** The method's statistic (PSI, D, W₁/σ, JS, H, χ²); null when it cannot be computed. */
  statistic: number | null;
  /** p-value for KS and chi-square; for a distance, its matching test's (KS or chi-square). */
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  status: DriftStatus;
  /** Rows in each sample, missing values included. */
  referenceCount: number;
  currentCount: number;
  /** Missing-share comparison (KS and Wasserstein only). */
  missing: MissingShareResult | null;
}

/**
 * Detect drift of one feature between a reference and a current sample (method choice after
 * Evidently's defaults; methods as referenced in their own modules).
 */
export function detectDrift(
  reference: readonly FeatureValue[],
  current: readonly FeatureValue[],
  config: DriftConfig = {},
  feature?: string,
): DriftResult {
  const cfg = resolveDriftConfig(config, feature);
  const kind = cfg.kind ?? inferKind(reference, current);
  const referenceCount = reference.length;
  const currentCount = current.length;

  let method: DriftMethod;
  let asCategories = kind === "categorical";
  if (cfg.method !== null) {
    method = cfg.method;
  } else {
    const choice = chooseDriftMethod({
      kind,
      referenceCount,
      distinctValues: kind === "numeric" ? distinctNumbers(reference, current) : 0,
      largeSampleSize: cfg.largeSampleSize,
      maxCategoricalNumericValues: cfg.maxCategoricalNumericValues,
    });
    method = choice.method;
    asCategories = asCategories || choice.asCategories;
  }
  const threshold = cfg.threshold ?? cfg.thresholds[method];
  const base = { method, kind, threshold, referenceCount, currentCount };

  if (!enoughRows(referenceCount, currentCount, cfg)) {
    return {
      ...base,
      statistic: null,
      pValue: null,
      drifted: false,
      status: "NOT_ENOUGH_DATA",
      missing: null,
    };
  }

  if (method === "ks" || method === "wasserstein") {
    if (kind === "categorical") {
      return {
        ...base,
        statistic: null,
        pValue: null,
        drifted: false,
        status: "METHOD_NOT_APPLICABLE",
        missing: null,
      };
    }
    return valueDrift(method, reference, current, threshold, cfg, base);
  }

  const counts = asCategories
    ? alignCategories(categoryCounts(reference), categoryCounts(current))
    : numericHistograms(reference, current, cfg.bins);
  return {
    ...base,
    ...histogramDrift(method, counts.reference, counts.current, threshold, cfg),
    missing: null,
  };
}

function valueDrift(
  method: "ks" | "wasserstein",
  reference: readonly FeatureValue[],
  current: readonly FeatureValue[],
  threshold: number,
  cfg: ResolvedDriftConfig,
  base: Pick<DriftResult, "method" | "kind" | "threshold" | "referenceCount" | "currentCount">,
): DriftResult {
  const ref = splitNumeric(reference);
  const cur = splitNumeric(current);
  return {
    ...base,
    ...valueDriftWithMissing(
      method,
      { present: ref.values.length, missing: ref.missing },
      { present: cur.values.length, missing: cur.missing },
      threshold,
      cfg,
      () =>
        method === "ks"
          ? ksTwoSample(ref.values, cur.values)
          : {
              ...normalizedWasserstein(ref.values, cur.values),
              pValue: ksTwoSample(ref.values, cur.values).pValue,
            },
    ),
  };
}

/** Numeric when every non-missing value is a number; anything else (strings, booleans) is categorical. */
function inferKind(reference: readonly FeatureValue[], current: readonly FeatureValue[]): FeatureKind {
  for (const v of reference) if (!isMissing(v) && typeof v !== "number") return "categorical";
  for (const v of current) if (!isMissing(v) && typeof v !== "number") return "categorical";
  return "numeric";
}

function distinctNumbers(reference: readonly FeatureValue[], current: readonly FeatureValue[]): number {
  const seen = new Set<number>();
  for (const v of [...splitNumeric(reference).values, ...splitNumeric(current).values]) seen.add(v);
  return seen.size;
}
