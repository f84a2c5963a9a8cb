/**
 * The published comparison of an experiment: every treatment arm against the control for every
 * metric, the multiple-testing correction over that family, significance and the SRM check. The
 * analyze API and the results job both call `experimentReadout`, so the same sums give the same
 * numbers wherever they are shown.
 */
import type { NormalPrior } from "./bayesian";
import { type CompareOptions, type Comparison, compareVariants } from "./compare-variants";
import { adjustPValues, type CorrectionMethod } from "./multiple-testing";
import { type SrmResult, sampleRatioMismatch } from "./srm";
import type { ArmSums, DifferenceType, Engine, MetricType } from "./types";

export interface ReadoutSettings {
  engine: Engine;
  alpha: number;
  /** Default "relative". */
  difference?: DifferenceType;
  /** Frequentist only: always-valid inference, tightest at `tuning` units. */
  sequential?: { tuning?: number };
  /** Regression adjustment for proportion and mean metrics (ratio metrics are never adjusted). */
  cuped: boolean;
  /** Frequentist only: adjustment over the family of every (metric × treatment) comparison. */
  correction: CorrectionMethod;
  /** Bayesian only. */
  prior?: NormalPrior;
}

export interface ReadoutMetric {
  metricType: MetricType;
  higherIsBetter: boolean;
  /** One per arm, control first; `n` is the arm's units. */
  arms: ArmSums[];
}

export interface ReadoutComparison extends Comparison {
  /** Present (possibly null) when a frequentist correction applies; null for comparisons without a p-value. */
  adjustedPValue: number | null;
  /** Frequentist: (adjusted) p < α. Bayesian: the 1 − α credible interval excludes 0. */
  significant: boolean;
}

export interface Readout {
  /** Per metric, per treatment arm (arms 1…k − 1). */
  comparisons: ReadoutComparison[][];
  srm: SrmResult;
}

function compareOptions(metric: ReadoutMetric, settings: ReadoutSettings): CompareOptions {
  const common = {
    metricType: metric.metricType,
    difference: settings.difference,
    alpha: settings.alpha,
    // θ is pooled over the two arms of each pair (compareVariants' default), as GrowthBook does.
    cuped: settings.cuped && metric.metricType !== "ratio",
    higherIsBetter: metric.higherIsBetter,
  };
  return settings.engine === "bayesian"
    ? { ...common, engine: "bayesian", prior: settings.prior }
    : { ...common, engine: "frequentist", sequential: settings.sequential };
}

/** Each treatment vs the control per metric, Holm/BH over all comparisons with a p-value, significance and the SRM test of `units` against `weights` (docs/statistics.md, "Readout"). */
export function experimentReadout(
  metrics: readonly ReadoutMetric[],
  units: readonly number[],
  weights: readonly number[] | undefined,
  settings: ReadoutSettings,
): Readout {
  const raw = metrics.map((metric) => {
    const [control, ...treatments] = metric.arms;
    if (!control) throw new RangeError("a readout needs a control arm");
    const options = compareOptions(metric, settings);
    return treatments.map((treatment) => compareVariants(control, treatment, options));
  });

  const corrected = settings.engine === "frequentist" && settings.correction !== "none";
  // The family is every comparison that produced a p-value; a failed comparison tests nothing.
  const tested = raw.flatMap((row) => row.filter((c) => c.pValue !== null));
  const adjusted = corrected
    ? adjustPValues(
        tested.map((c) => c.pValue ?? 1),
        settings.correction,
      )
    : [];
  const adjustedOf = new Map(tested.map((c, k) => [c, adjusted[k] ?? null]));

  const comparisons = raw.map((row) =>
    row.map((c): ReadoutComparison => {
      const adjustedPValue = adjustedOf.get(c) ?? null;
      return { ...c, adjustedPValue, significant: isSignificant(c, adjustedPValue, settings) };
    }),
  );
  return { comparisons, srm: sampleRatioMismatch(units, weights) };
}

function isSignificant(c: Comparison, adjustedPValue: number | null, settings: ReadoutSettings): boolean {
  if (c.status !== "ok") return false;
  if (settings.engine === "bayesian") {
    return c.ciLow !== null && c.ciHigh !== null && (c.ciLow > 0 || c.ciHigh < 0);
  }
  const p = adjustedPValue ?? c.pValue;
  return p !== null && p < settings.alpha;
}
