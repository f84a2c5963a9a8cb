/**
 * The model page's series and tables, built from the monitoring jobs' snapshots: snapshots in,
 * chart points out. Pure, so every chart's numbers are unit-tested and the server-rendered tables
 * show exactly what the charts draw.
 */
import type { ModelTask } from "#lib/vocabulary";
import type { DriftShare } from "./model-drift-view";

export interface PerformanceStat {
  version: string;
  metric: string;
  k: number;
  windowStart: string;
  value: number | null;
  count: number;
  details: Record<string, unknown> | null;
}

export interface MetricSpec {
  metric: string;
  k: number;
  label: string;
  higherIsBetter: boolean;
  /** Alert line: below it (higher is better) or above it (lower is better) the model is unhealthy. */
  threshold: number | null;
  /** How the value is printed: a share as a percentage, else a plain number. */
  format: "percent" | "number";
}

const m = (
  metric: string,
  label: string,
  higherIsBetter: boolean,
  threshold: number | null,
  format: MetricSpec["format"] = "number",
  k = 0,
): MetricSpec => ({ metric, k, label, higherIsBetter, threshold, format });

/**
 * The metrics each task charts, with default alert thresholds where a rule of thumb holds
 * whatever the base rate (models carry no performance thresholds of their own yet); log loss,
 * Brier and the threshold metrics depend on the base rate, so they get none.
 */
export const TASK_METRICS: Record<ModelTask, MetricSpec[]> = {
  binary_classification: [
    m("auc", "ROC AUC", true, 0.7),
    m("log_loss", "Log loss", false, null),
    m("brier", "Brier score", false, null),
    m("ece", "Expected calibration error", false, 0.1),
    m("precision", "Precision at 0.5", true, null, "percent"),
    m("recall", "Recall at 0.5", true, null, "percent"),
    m("f1", "F1 at 0.5", true, null),
  ],
  regression: [m("rmse", "RMSE", false, null), m("mae", "MAE", false, null), m("r2", "R²", true, 0)],
  ranking: [
    m("ndcg", "NDCG@10", true, 0.3, "number", 10),
    m("mrr", "MRR@10", true, 0.2, "number", 10),
    m("recall", "Recall@5", true, null, "percent", 5),
  ],
};

/** UTC day of a window start: "2026-11-20". */
export const dayOf = (iso: string) => iso.slice(0, 10);

/** Bin edges in labels: three significant digits. */
export const numberLabel = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3 });

export interface PerformancePoint {
  day: string;
  /** Metric value per version (null: no labels or undefined that day). */
  values: Record<string, number | null>;
  /** Label coverage per version, so a drop from missing labels is not read as decay. */
  coverage: Record<string, number | null>;
}

/** One metric over time, versions side by side per day, with each version's label coverage. */
export function performanceSeries(
  stats: readonly PerformanceStat[],
  spec: Pick<MetricSpec, "metric" | "k">,
  versions: readonly string[],
): PerformancePoint[] {
  const byDay = new Map<string, PerformancePoint>();
  const point = (day: string) => {
    let p = byDay.get(day);
    if (!p) {
      p = {
        day,
        values: Object.fromEntries(versions.map((v) => [v, null])),
        coverage: Object.fromEntries(versions.map((v) => [v, null])),
      };
      byDay.set(day, p);
    }
    return p;
  };
  for (const s of stats) {
    if (!versions.includes(s.version)) continue;
    if (s.metric === spec.metric && s.k === spec.k) point(dayOf(s.windowStart)).values[s.version] = s.value;
    if (s.metric === "label_coverage") point(dayOf(s.windowStart)).coverage[s.version] = s.value;
  }
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/** Days a health judgement averages: one day's late labels are few and its metrics noisy. */
export const HEALTH_DAYS = 3;

/**
 * What a version's health is judged on: the mean of its latest HEALTH_DAYS values on days before
 * `today` (today's labels have not arrived yet).
 */
export function recentValue(
  points: readonly PerformancePoint[],
  version: string,
  today: string,
): number | null {
  const values = points
    .filter((p) => p.day < today)
    .map((p) => p.values[version])
    .filter((v): v is number => v !== null && v !== undefined)
    .slice(-HEALTH_DAYS);
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

export function breaches(spec: MetricSpec, value: number | null): boolean {
  if (value === null || spec.threshold === null) return false;
  return spec.higherIsBetter ? value < spec.threshold : value > spec.threshold;
}

export interface CalibrationPoint {
  /** Bin as "0.1–0.2". */
  bin: string;
  predicted: number | null;
  observed: number | null;
  count: number;
}

interface StoredReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  meanPredicted: number | null;
  observedRate: number | null;
}

const binsOf = (s: PerformanceStat): StoredReliabilityBin[] =>
  Array.isArray(s.details?.bins) ? (s.details.bins as StoredReliabilityBin[]) : [];

/**
 * The reliability diagram of the windows given (the ECE snapshots' bins), pooled: a bin's mean
 * predicted and observed rate are count-weighted over the days.
 */
export function calibrationCurve(eceStats: readonly PerformanceStat[]): CalibrationPoint[] {
  const pooled = new Map<number, { lower: number; upper: number; n: number; p: number; y: number }>();
  for (const s of eceStats) {
    for (const b of binsOf(s)) {
      const acc = pooled.get(b.lower) ?? { lower: b.lower, upper: b.upper, n: 0, p: 0, y: 0 };
      acc.n += b.count;
      acc.p += (b.meanPredicted ?? 0) * b.count;
      acc.y += (b.observedRate ?? 0) * b.count;
      pooled.set(b.lower, acc);
    }
  }
  const f = (x: number) => numberLabel.format(x);
  return [...pooled.values()]
    .sort((a, b) => a.lower - b.lower)
    .map((b) => ({
      bin: `${f(b.lower)}–${f(b.upper)}`,
      predicted: b.n > 0 ? b.p / b.n : null,
      observed: b.n > 0 ? b.y / b.n : null,
      count: b.n,
    }));
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Confusion counts at the decision threshold, summed over the windows given (precision snapshots). */
export function confusionOf(precisionStats: readonly PerformanceStat[]): Confusion | null {
  let total: Confusion | null = null;
  for (const s of precisionStats) {
    const c = s.details?.confusion as Partial<Confusion> | undefined;
    if (!c) continue;
    total ??= { tp: 0, fp: 0, tn: 0, fn: 0 };
    total.tp += c.tp ?? 0;
    total.fp += c.fp ?? 0;
    total.tn += c.tn ?? 0;
    total.fn += c.fn ?? 0;
  }
  return total;
}

export type HealthKind = "healthy" | "drifted" | "below-threshold" | "no-recent-data" | "no-data";

export interface ModelHealth {
  kind: HealthKind;
  /** The verdict in words, as a person would say it. */
  text: string;
}

/**
 * The model's verdict: no data, or no prediction in the last two days, comes first (the
 * monitoring cannot vouch for it), then performance past a threshold, then drift; the text names
 * every problem found.
 */
export function modelHealth(input: {
  lastPredictionAt: string | null;
  now: Date;
  shares: readonly DriftShare[];
  breached: ReadonlyArray<{ version: string; label: string }>;
}): ModelHealth {
  if (!input.lastPredictionAt) return { kind: "no-data", text: "No predictions yet" };
  const age = input.now.getTime() - Date.parse(input.lastPredictionAt);
  if (age > 2 * 86_400_000) return { kind: "no-recent-data", text: "No predictions in the last 2 days" };
  const problems: string[] = [];
  if (input.breached.length > 0)
    problems.push(`past its threshold: ${input.breached.map((b) => `${b.label} (${b.version})`).join(", ")}`);
  const drifted = input.shares.filter((s) => s.drifted > 0);
  if (drifted.length > 0)
    problems.push(
      `drift in ${drifted
        .map((s) => `${s.version}: ${s.drifted} of ${s.features} features (${s.driftedFeatures.join(", ")})`)
        .join("; ")}`,
    );
  if (problems.length === 0) return { kind: "healthy", text: "No drift, performance within thresholds" };
  const text = problems.join("; ");
  return {
    kind: input.breached.length > 0 ? "below-threshold" : "drifted",
    text: text.charAt(0).toUpperCase() + text.slice(1),
  };
}
