/**
 * Turns an experiment's per-variant sufficient statistics into the results document the API and
 * dashboard show. Pure: the statistics engine does the maths, this decides what to compare.
 */
import { type ExperimentSettings, sequentialOption } from "#lib/contracts/experiments";
import type { ResultsDocument } from "#lib/contracts/results";
import type { MetricCapping } from "#lib/contracts/metrics";
import type { MetricRole, MetricType } from "#lib/vocabulary";
import type { OutsideWindow } from "#db/queries/experiment-quality";
import type { VariantSums } from "#db/queries/experiment-sums";
import {
  type ArmSums,
  experimentReadout,
  type ReadoutComparison,
  type ReadoutHealth,
  readoutHealth,
  verdictOf,
  type ReadoutSettings,
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
  capping?: MetricCapping | null;
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
  /** Per metric, the cap its per-unit values were clipped at (null when uncapped). */
  caps?: Array<number | null>;
  units: Map<number, number>;
  unitsPerDay: Array<{ day: string; counts: Record<string, number> }>;
  assignmentConflicts: number;
  unassignedEvents: number;
  /** Data the analysis window [start, stop) excluded from the results. */
  outsideWindow: OutsideWindow;
  /** Metric events left out because their value is beyond ±1e15 (0 when not given). */
  outOfRangeEvents?: number;
  /** Per dimension the experiment lists, the sums per value (latest snapshot only). */
  breakdowns?: Array<{ dimension: string; cells: BreakdownCell[] }>;
}

export interface BreakdownCell {
  value: string | null;
  kind: "value" | "unset" | "other";
  /** Per metric, per variant id. */
  sums: Array<Map<number, VariantSums>>;
  units: Map<number, number>;
}

type Breakdown = NonNullable<ResultsDocument["breakdowns"]>[number];

const EMPTY: VariantSums = { n: 0, sum: 0, sumSquares: 0 };

export function buildResultsDocument(input: ResultsInput): ResultsDocument {
  const { settings, variants } = input;
  if (variants.length === 0) throw new Error("an experiment needs a control variant");

  const counts = Object.fromEntries(variants.map((v) => [v.key, input.units.get(v.id) ?? 0]));
  const summed = summedMetrics(input.metrics, input.sums, variants, counts);
  const { comparisons, srm } = readoutOf(
    summed,
    variants.map((v) => counts[v.key] ?? 0),
    variants.map((v) => v.weight),
    settings,
  );

  const totalUnits = variants.reduce((acc, v) => acc + (counts[v.key] ?? 0), 0);
  const health = readoutHealth(srm, { units: totalUnits, multipleExposures: input.assignmentConflicts });
  const warnings = health.reasons.map((r) => r.message);
  if (input.assignmentConflicts > 0 && !health.reasons.some((r) => r.code === "MULTIPLE_EXPOSURES")) {
    warnings.push(`${input.assignmentConflicts} unit(s) were reported in more than one variant`);
  }
  const { assignmentsBeforeStart, assignmentsAfterStop, eventsAfterStop } = input.outsideWindow;
  if (assignmentsBeforeStart > 0) {
    warnings.push(`${assignmentsBeforeStart} assignment(s) timestamped before the start were excluded`);
  }
  if (assignmentsAfterStop > 0) {
    warnings.push(`${assignmentsAfterStop} assignment(s) timestamped after the stop were excluded`);
  }
  if (eventsAfterStop > 0) {
    warnings.push(`${eventsAfterStop} metric event(s) after the stop were excluded`);
  }
  const outOfRange = input.outOfRangeEvents ?? 0;
  if (outOfRange > 0) {
    warnings.push(`${outOfRange} metric event(s) with a value beyond ±1e15 were left out of every metric`);
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
      // "ok" means the split passed; a computed but failing check reads "flagged", never "ok".
      status: srm.status === "ok" && srm.flagged ? "flagged" : srm.status,
    },
    health,
    metrics: metricResults(summed, comparisons, settings, health).map((m, i) => {
      const capping = input.metrics[i]?.capping;
      return capping ? { ...m, capping: { ...capping, cap: input.caps?.[i] ?? null } } : m;
    }),
    ...(input.breakdowns?.length
      ? { breakdowns: input.breakdowns.map((b) => breakdownOf(b.dimension, b.cells, input, health)) }
      : {}),
    unitsPerDay: input.unitsPerDay,
    dataQuality: {
      assignmentConflicts: input.assignmentConflicts,
      unassignedEvents: input.unassignedEvents,
      outsideWindow: input.outsideWindow,
      outOfRangeEvents: outOfRange,
      warnings,
    },
  };
}

function summedMetrics(
  metrics: readonly ResultsMetric[],
  sums: ReadonlyArray<Map<number, VariantSums>>,
  variants: readonly ResultsVariant[],
  counts: Record<string, number>,
): SummedMetric[] {
  return metrics.map((metric, i) => {
    const byVariant = sums[i] ?? new Map<number, VariantSums>();
    return {
      ...metric,
      arms: variants.map((v) => ({
        key: v.key,
        sums: { ...(byVariant.get(v.id) ?? EMPTY), n: counts[v.key] ?? 0 },
      })),
    };
  });
}

/**
 * The readout per value of one dimension, through the same readout as the whole experiment (the
 * experiment's correction within each cell). No correction spans the cells, as in GrowthBook's
 * dimension results: they are exploratory, which the note says with the number of comparisons and
 * the false positives chance alone would give. A cell is untrustworthy when the experiment is, or
 * when its own split fails the SRM test.
 */
function breakdownOf(
  dimension: string,
  cells: readonly BreakdownCell[],
  input: ResultsInput,
  overall: ReadoutHealth,
): Breakdown {
  const { settings, variants } = input;
  const values = cells.map((cell) => {
    const counts = Object.fromEntries(variants.map((v) => [v.key, cell.units.get(v.id) ?? 0]));
    const summed = summedMetrics(input.metrics, cell.sums, variants, counts);
    const { comparisons, srm } = readoutOf(
      summed,
      variants.map((v) => counts[v.key] ?? 0),
      variants.map((v) => v.weight),
      settings,
    );
    const own = readoutHealth(srm, { units: 0, multipleExposures: 0 }).reasons.filter(
      (r) => !overall.reasons.some((o) => o.code === r.code),
    );
    const health = {
      trustworthy: overall.trustworthy && own.length === 0,
      reasons: [...overall.reasons, ...own],
    };
    return {
      value: cell.value,
      kind: cell.kind,
      units: counts,
      srm: { pValue: srm.status === "ok" ? srm.pValue : null, flagged: srm.status === "ok" && srm.flagged },
      metrics: metricResults(summed, comparisons, settings, health),
    };
  });
  const count = cells.length * input.metrics.length * Math.max(variants.length - 1, 0);
  const expected = settings.alpha * count;
  return {
    dimension,
    note:
      `Exploratory: ${count} comparison(s) across ${cells.length} value(s) of ${dimension}, with no correction across values, ` +
      `so about ${expected.toFixed(1)} would read significant by chance alone even if the change did the same everywhere. ` +
      "Treat a difference between values as a lead to confirm in its own experiment.",
    comparisons: count,
    expectedFalsePositives: expected,
    values,
  };
}

/** A metric with the sums of each arm (control first) as the readout consumes them. */
export interface SummedMetric extends ResultsMetric {
  arms: Array<{ key: string; sums: ArmSums }>;
}

/** The readout of summed metrics under an experiment's settings, with the SRM test of `units` against `weights`. */
export function readoutOf(
  metrics: readonly SummedMetric[],
  units: readonly number[],
  weights: readonly number[] | undefined,
  settings: ExperimentSettings,
) {
  return experimentReadout(
    metrics.map((metric) => ({
      metricType: metric.type,
      higherIsBetter: metric.higherIsBetter,
      arms: metric.arms.map((a) => a.sums),
    })),
    units,
    weights,
    readoutSettings(settings),
  );
}

/** The document's metrics: per arm its units, mean, comparison with the control, verdict and the sums behind them. */
export function metricResults(
  metrics: readonly SummedMetric[],
  comparisons: ReadoutComparison[][],
  settings: ExperimentSettings,
  health: ReadoutHealth,
): ResultsDocument["metrics"] {
  return metrics.map((metric, i) => {
    const [control, ...treatments] = metric.arms;
    if (!control) throw new Error("an experiment needs a control variant");
    return {
      metric: metric.key,
      role: metric.role,
      type: metric.type,
      higherIsBetter: metric.higherIsBetter,
      variants: [
        {
          variant: control.key,
          units: control.sums.n,
          mean: comparisons[i]?.[0]?.controlMean ?? null,
          sums: control.sums,
        },
        ...treatments.map((t, j) => ({
          ...variantResult(t.key, t.sums.n, comparisons[i]?.[j], metric, settings, health),
          sums: t.sums,
        })),
      ],
    };
  });
}

/** The experiment's stored settings in the readout's vocabulary. */
function readoutSettings(settings: ExperimentSettings): ReadoutSettings {
  return {
    engine: settings.engine,
    alpha: settings.alpha,
    cuped: settings.cuped,
    correction: settings.correction,
    sequential: sequentialOption(settings.sequential),
  };
}

function variantResult(
  key: string,
  units: number,
  c: ReadoutComparison | undefined,
  metric: ResultsMetric,
  settings: ExperimentSettings,
  health: ReadoutHealth,
): VariantResult {
  if (!c) return { variant: key, units, mean: null, status: "NOT_ENOUGH_DATA", significant: false };
  const { significant, adjustedPValue } = c;
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
    verdict: verdictOf(c, metric.higherIsBetter, health),
    ...(health.trustworthy ? {} : { verdictReasons: health.reasons.map((r) => r.code) }),
    status: c.status,
  };
}
