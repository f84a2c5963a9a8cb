/**
 * Turns an experiment's per-variant sufficient statistics into the results document the API and
 * dashboard show. Pure: the statistics engine does the maths, this decides what to compare.
 */
import type { ExperimentSettings } from "#lib/contracts/experiments";
import type { ResultsDocument } from "#lib/contracts/results";
import type { MetricRole, MetricType } from "#lib/vocabulary";
import type { VariantSums } from "#db/queries/experiment-sums";
import {
  type ArmSums,
  type Comparison,
  adjustPValues,
  compareVariants,
  pooledCupedTheta,
  sampleRatioMismatch,
} from "#app/stats/experiment";

export interface ResultsVariant {
  key: string;
  id: number;
  weight: number;
}

export interface ResultsMetric {
  key: string;
  role: MetricRole;
  type: MetricType;
  higherIsBetter: boolean;
}

type VariantResult = ResultsDocument["metrics"][number]["variants"][number];

export interface ResultsInput {
  experimentKey: string;
  asOf: Date;
  computedAt: Date;
  settings: ExperimentSettings;
  variants: ResultsVariant[];
  metrics: ResultsMetric[];
  /** Per metric, per variant id. */
  sums: Array<Map<number, VariantSums>>;
  units: Map<number, number>;
  unitsPerDay: Array<{ day: string; counts: Record<string, number> }>;
  assignmentConflicts: number;
  unassignedEvents: number;
}

const EMPTY: VariantSums = { n: 0, sum: 0, sumSquares: 0 };

export function buildResultsDocument(input: ResultsInput): ResultsDocument {
  const { settings, variants } = input;
  const [control, ...treatments] = variants;
  if (!control) throw new Error("an experiment needs a control variant");

  const counts = Object.fromEntries(variants.map((v) => [v.key, input.units.get(v.id) ?? 0]));
  const srm = sampleRatioMismatch(
    variants.map((v) => counts[v.key] ?? 0),
    variants.map((v) => v.weight),
  );

  const comparisons = input.metrics.map((metric, i) => {
    const sums = input.sums[i] ?? new Map<number, VariantSums>();
    const arm = (v: ResultsVariant): ArmSums => ({
      ...(sums.get(v.id) ?? EMPTY),
      n: input.units.get(v.id) ?? 0,
    });
    const cuped = settings.cuped && metric.type !== "ratio";
    // θ pooled over every arm (GrowthBook's convention), so all comparisons share one adjustment.
    const cupedTheta =
      cuped && metric.type !== "ratio" ? pooledTheta(variants.map(arm), metric.type) : undefined;
    const options = {
      metricType: metric.type,
      alpha: settings.alpha,
      higherIsBetter: metric.higherIsBetter,
      cuped,
      ...(cupedTheta !== undefined ? { cupedTheta } : {}),
    };
    return treatments.map((t) =>
      settings.engine === "bayesian"
        ? compareVariants(arm(control), arm(t), { ...options, engine: "bayesian" })
        : compareVariants(arm(control), arm(t), {
            ...options,
            engine: "frequentist",
            ...(settings.sequential ? { sequential: {} } : {}),
          }),
    );
  });

  const adjusted = adjustFamily(comparisons, settings);

  const warnings: string[] = [];
  if (srm.status === "ok" && srm.flagged) {
    warnings.push(`Sample ratio mismatch (p = ${srm.pValue.toExponential(2)}): results may be biased`);
  }
  if (input.assignmentConflicts > 0) {
    warnings.push(`${input.assignmentConflicts} unit(s) were reported in more than one variant`);
  }
  if (input.unassignedEvents > 0) {
    warnings.push(
      `${input.unassignedEvents} metric event(s) came from units never assigned to this experiment`,
    );
  }

  return {
    experiment: input.experimentKey,
    asOf: input.asOf.toISOString(),
    computedAt: input.computedAt.toISOString(),
    engine: settings.engine,
    settings,
    srm: {
      pValue: srm.status === "ok" ? srm.pValue : null,
      flagged: srm.status === "ok" && srm.flagged,
      counts,
      status: srm.status,
    },
    metrics: input.metrics.map((metric, i) => ({
      metric: metric.key,
      role: metric.role,
      type: metric.type,
      higherIsBetter: metric.higherIsBetter,
      variants: [
        {
          variant: control.key,
          units: counts[control.key] ?? 0,
          mean: comparisons[i]?.[0]?.controlMean ?? null,
        },
        ...treatments.map((t, j) =>
          variantResult(
            t.key,
            counts[t.key] ?? 0,
            comparisons[i]?.[j],
            adjusted[i]?.[j] ?? null,
            metric,
            settings,
          ),
        ),
      ],
    })),
    unitsPerDay: input.unitsPerDay,
    dataQuality: {
      assignmentConflicts: input.assignmentConflicts,
      unassignedEvents: input.unassignedEvents,
      warnings,
    },
  };
}

function pooledTheta(arms: ArmSums[], type: "proportion" | "mean"): number {
  return pooledCupedTheta(
    arms.map((a) => ({
      n: a.n,
      sum: a.sum,
      sumSquares: type === "proportion" ? a.sum : (a.sumSquares ?? 0),
      covariateSum: a.covariateSum ?? 0,
      covariateSumSquares: type === "proportion" ? (a.covariateSum ?? 0) : (a.covariateSumSquares ?? 0),
      covariateSumProduct: a.covariateSumProduct ?? 0,
    })),
  );
}

/** Holm or BH over the family of (metric × treatment) comparisons that have a p-value. */
function adjustFamily(
  comparisons: Comparison[][],
  settings: ExperimentSettings,
): Array<Array<number | null>> {
  if (settings.engine !== "frequentist" || settings.correction === "none") {
    return comparisons.map((row) => row.map(() => null));
  }
  const flat = comparisons.flatMap((row, i) => row.map((c, j) => ({ i, j, p: c.pValue })));
  const tested = flat.filter((x): x is { i: number; j: number; p: number } => x.p !== null);
  const adjusted = adjustPValues(
    tested.map((x) => x.p),
    settings.correction,
  );
  const out = comparisons.map((row) => row.map((): number | null => null));
  tested.forEach((x, k) => {
    const rowOut = out[x.i];
    if (rowOut) rowOut[x.j] = adjusted[k] ?? null;
  });
  return out;
}

function variantResult(
  key: string,
  units: number,
  c: Comparison | undefined,
  adjustedPValue: number | null,
  metric: ResultsMetric,
  settings: ExperimentSettings,
): VariantResult {
  if (!c) return { variant: key, units, mean: null, status: "NOT_ENOUGH_DATA", significant: false };
  const significant = isSignificant(c, adjustedPValue, settings);
  const effect = c.estimate ?? 0;
  const better = metric.higherIsBetter ? effect > 0 : effect < 0;
  return {
    variant: key,
    units,
    mean: c.treatmentMean,
    absoluteDiff: c.absoluteDiff,
    relativeLift: c.relativeLift,
    ciLow: c.ciLow,
    ciHigh: c.ciHigh,
    pValue: c.pValue,
    ...(adjustedPValue !== null ? { adjustedPValue } : {}),
    ...(settings.engine === "bayesian" ? { chanceToWin: c.chanceToWin, risk: c.risk } : {}),
    ...(settings.cuped ? { varianceReduction: c.varianceReduction } : {}),
    significant,
    verdict: significant ? (better ? "better" : "worse") : "inconclusive",
    status: c.status,
  };
}

/** Frequentist: (adjusted) p < α. Bayesian: the 1 − α credible interval excludes 0. */
function isSignificant(c: Comparison, adjustedPValue: number | null, settings: ExperimentSettings): boolean {
  if (c.status !== "ok") return false;
  if (settings.engine === "bayesian") {
    return c.ciLow !== null && c.ciHigh !== null && (c.ciLow > 0 || c.ciHigh < 0);
  }
  const p = adjustedPValue ?? c.pValue;
  return p !== null && p < settings.alpha;
}
