/**
 * The model page's series and tables, built from the monitoring jobs' snapshots: snapshots in,
 * chart points out. Pure, so every chart's numbers are unit-tested and the server-rendered tables
 * show exactly what the charts draw.
 */
import { P_VALUE_METHODS } from "#app/stats/drift/config";
import type { DriftMethod, DriftSubject, ModelTask } from "#lib/vocabulary";

/** One drift snapshot without its histograms (what the table and the sparklines need). */
export interface DriftStat {
  version: string;
  feature: string;
  kind: DriftSubject;
  windowStart: string;
  method: DriftMethod;
  statistic: number | null;
  pValue: number | null;
  threshold: number | null;
  drifted: boolean;
  currentCount: number;
  status: string;
}

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

/**
 * The number a drift row is judged by: the p-value for tests (drifted below the threshold), the
 * distance otherwise (drifted above it).
 */
export function driftScore(s: Pick<DriftStat, "method" | "statistic" | "pValue">): number | null {
  return P_VALUE_METHODS.has(s.method) ? s.pValue : s.statistic;
}

/**
 * How far past its threshold a row is, comparable across methods: distance / threshold, or for
 * tests log p / log threshold (both > 1 once drifted). Null when undefined.
 */
export function driftSeverity(s: Pick<DriftStat, "method" | "statistic" | "pValue" | "threshold">): number {
  const score = driftScore(s);
  if (score === null || s.threshold === null || s.threshold <= 0) return -1;
  if (P_VALUE_METHODS.has(s.method)) return Math.log(Math.max(score, 1e-300)) / Math.log(s.threshold);
  return score / s.threshold;
}

export interface DriftRow {
  version: string;
  feature: string;
  kind: DriftSubject;
  method: DriftMethod;
  /** What the threshold applies to: "p-value" or the method's distance. */
  scoreName: string;
  score: number | null;
  threshold: number | null;
  drifted: boolean;
  status: string;
  day: string;
  currentCount: number;
  /** The score per day over the range, oldest first, for the sparkline. */
  history: Array<{ day: string; score: number | null; drifted: boolean }>;
}

/**
 * Each (version, subject, feature) judged by its latest complete day with data (before `today`:
 * today's partial window is a small sample; it counts only when there is nothing else), drifted
 * first, then worst first.
 */
export function driftTable(stats: readonly DriftStat[], today: string): DriftRow[] {
  const groups = new Map<string, DriftStat[]>();
  for (const s of stats) {
    const key = `${s.version}\u0000${s.kind}\u0000${s.feature}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const rows: Array<DriftRow & { severity: number }> = [];
  for (const list of groups.values()) {
    const sorted = [...list].sort((a, b) => a.windowStart.localeCompare(b.windowStart));
    const withData = sorted.filter((s) => s.currentCount > 0);
    const latest =
      withData.filter((s) => dayOf(s.windowStart) < today).at(-1) ?? withData.at(-1) ?? sorted.at(-1);
    if (!latest) continue;
    rows.push({
      version: latest.version,
      feature: latest.feature,
      kind: latest.kind,
      method: latest.method,
      scoreName: P_VALUE_METHODS.has(latest.method) ? "p-value" : latest.method,
      score: driftScore(latest),
      threshold: latest.threshold,
      drifted: latest.drifted,
      status: latest.status,
      day: dayOf(latest.windowStart),
      currentCount: latest.currentCount,
      history: sorted.map((s) => ({ day: dayOf(s.windowStart), score: driftScore(s), drifted: s.drifted })),
      severity: driftSeverity(latest),
    });
  }
  rows.sort(
    (a, b) =>
      Number(b.drifted) - Number(a.drifted) ||
      b.severity - a.severity ||
      a.feature.localeCompare(b.feature) ||
      a.version.localeCompare(b.version),
  );
  return rows.map(({ severity: _severity, ...row }) => row);
}

/** Evidently's default: the dataset drifts when at least half of its features do. */
export const DATASET_DRIFT_SHARE = 0.5;

export interface DriftShare {
  version: string;
  drifted: number;
  features: number;
  share: number | null;
  datasetDrift: boolean;
  driftedFeatures: string[];
}

/** Per version, the share of input features (not score or label) drifted in their latest window. */
export function driftShares(rows: readonly DriftRow[], versions: readonly string[]): DriftShare[] {
  return versions.map((version) => {
    const features = rows.filter((r) => r.version === version && r.kind === "feature");
    const drifted = features.filter((r) => r.drifted);
    const share = features.length > 0 ? drifted.length / features.length : null;
    return {
      version,
      drifted: drifted.length,
      features: features.length,
      share,
      datasetDrift: share !== null && share >= DATASET_DRIFT_SHARE,
      driftedFeatures: drifted.map((r) => r.feature),
    };
  });
}

export interface DriftHistoryPoint {
  day: string;
  score: number | null;
  threshold: number | null;
  drifted: boolean;
}

/** One feature's drift score over time in one version, with the threshold it was judged by. */
export function driftHistory(
  stats: readonly DriftStat[],
  version: string,
  kind: DriftSubject,
  feature: string,
): DriftHistoryPoint[] {
  return stats
    .filter((s) => s.version === version && s.kind === kind && s.feature === feature)
    .sort((a, b) => a.windowStart.localeCompare(b.windowStart))
    .map((s) => ({
      day: dayOf(s.windowStart),
      score: driftScore(s),
      threshold: s.threshold,
      drifted: s.drifted,
    }));
}

/** The histograms a drift snapshot stores in its details (jobs/drift-reference-summary.ts). */
export interface StoredHistograms {
  reference: { counts: readonly number[]; missing: number; edges?: number[]; categories?: string[] };
  current: { counts: readonly number[]; missing: number };
}

export interface DistributionBin {
  label: string;
  reference: number;
  current: number;
}

export interface Distribution {
  bins: DistributionBin[];
  /** Shares of predictions with the value missing. */
  missing: { reference: number; current: number };
  counts: { reference: number; current: number };
}

const numberLabel = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3 });

/** Bin labels of numeric binning: (−∞, e₁) is "< e₁", [eᵢ, eᵢ₊₁) is "eᵢ–eᵢ₊₁", [e_k, ∞) is "≥ e_k". */
function binLabels(edges: readonly number[]): string[] {
  const f = (x: number) => numberLabel.format(x);
  if (edges.length === 0) return ["all"];
  return [
    `< ${f(edges[0] as number)}`,
    ...edges.slice(1).map((e, i) => `${f(edges[i] as number)}–${f(e)}`),
    `≥ ${f(edges.at(-1) as number)}`,
  ];
}

/**
 * Reference and current distributions on the same bins, as shares of each side's non-missing
 * values, with the missing shares apart. Null when the details hold no histograms.
 */
export function distributionOf(details: unknown): Distribution | null {
  if (!isStoredHistograms(details)) return null;
  const { reference, current } = details;
  const labels = reference.edges ? binLabels(reference.edges) : [...(reference.categories ?? []), "other"];
  const refTotal = reference.counts.reduce((s, c) => s + c, 0);
  const curTotal = current.counts.reduce((s, c) => s + c, 0);
  const share = (c: number | undefined, total: number) => (total > 0 ? (c ?? 0) / total : 0);
  const bins = labels
    .map((label, i) => ({
      label,
      reference: share(reference.counts[i], refTotal),
      current: share(current.counts[i], curTotal),
    }))
    // An empty "other" slot says nothing.
    .filter((b, i) => reference.edges || i < labels.length - 1 || b.reference > 0 || b.current > 0);
  return {
    bins,
    missing: {
      reference: share(reference.missing, refTotal + reference.missing),
      current: share(current.missing, curTotal + current.missing),
    },
    counts: { reference: refTotal + reference.missing, current: curTotal + current.missing },
  };
}

function isStoredHistograms(x: unknown): x is StoredHistograms {
  if (x === null || typeof x !== "object") return false;
  const { reference, current } = x as Record<string, unknown>;
  const histogram = (h: unknown) =>
    h !== null && typeof h === "object" && Array.isArray((h as { counts?: unknown }).counts);
  return histogram(reference) && histogram(current);
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
