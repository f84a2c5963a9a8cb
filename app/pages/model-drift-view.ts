/**
 * The model page's drift series and tables, built from the drift job's snapshots: snapshots in,
 * rows and chart points out. Pure, so the table, the sparklines and the drill-down are unit-tested.
 */
import { P_VALUE_METHODS } from "#app/stats/drift/config";
import type { DriftMethod, DriftSubject } from "#lib/vocabulary";
import { dayOf, numberLabel } from "./model-view";

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

/** A distance at or past its threshold that is not drift because its matching test's p-value is not small. */
export function withinNoise(
  s: Pick<DriftStat, "method" | "statistic" | "threshold" | "drifted" | "status">,
): boolean {
  if (P_VALUE_METHODS.has(s.method) || s.drifted || s.status !== "ok") return false;
  return s.statistic !== null && s.threshold !== null && s.statistic >= s.threshold;
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
  /** A distance past its threshold that its matching test calls sampling noise (not drifted). */
  withinNoise: boolean;
  day: string;
  currentCount: number;
  /** The score per day over the range, oldest first, for the sparkline. */
  history: Array<{ day: string; score: number | null; drifted: boolean }>;
}

/**
 * Each (version, subject, feature) judged by its latest complete day (before `today`: today's
 * partial window is a small sample) whose check answered — labels arrive for a day or two, so
 * yesterday's label window is often too thin to judge. Failing that, the latest complete day with
 * data, then anything. Drifted first, then worst first.
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
    const complete = withData.filter((s) => dayOf(s.windowStart) < today);
    const latest =
      complete.filter((s) => s.status !== "NOT_ENOUGH_DATA").at(-1) ??
      complete.at(-1) ??
      withData.at(-1) ??
      sorted.at(-1);
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
      withinNoise: withinNoise(latest),
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
