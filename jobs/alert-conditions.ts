/**
 * What each rule kind observes in a job's fresh output: per target instance, whether the
 * condition holds (or that there is no evidence either way) and the value it looked at. Pure: the
 * jobs hand in what they just computed; alert-evaluation.ts drives the life cycle with it.
 */
import type { DriftSnapshotRow, PerformanceSnapshotRow } from "#db/queries/model-snapshots";
import { type AlertTarget, DEFAULT_JOB_FAILURES, DEFAULT_SRM_THRESHOLD } from "#lib/contracts/alerts";
import type { ResultsDocument } from "#lib/contracts/results";
import type { ExperimentStatus, JobRunStatus } from "#lib/vocabulary";

export interface InstanceObservation {
  /** Stable name of what this alert is about within the rule, e.g. `experiment:checkout`. */
  instance: string;
  subject: AlertTarget;
  active: boolean | null;
  value: number | null;
}

/** The rule fields the conditions read. */
export interface RuleCondition {
  kind: string;
  target: AlertTarget;
  threshold: number | null;
}

const experimentInstance = (key: string) => `experiment:${key}`;

/** srm, guardrail and metric_significant on an experiment's latest results. */
export function experimentObservations(
  rule: RuleCondition,
  experiment: { key: string; status: ExperimentStatus },
  document: ResultsDocument,
): InstanceObservation[] {
  const { target } = rule;
  if (target.experiment !== undefined && target.experiment !== experiment.key) return [];
  if (rule.kind === "srm") {
    const subject = { experiment: experiment.key };
    // "Every running experiment": one that stopped leaves the rule's scope, so its alert resolves.
    if (target.experiment === undefined && experiment.status !== "running") {
      return [
        { instance: experimentInstance(experiment.key), subject, active: false, value: document.srm.pValue },
      ];
    }
    const p = document.srm.pValue;
    const active = p === null || !Number.isFinite(p) ? null : p < (rule.threshold ?? DEFAULT_SRM_THRESHOLD);
    return [{ instance: experimentInstance(experiment.key), subject, active, value: p }];
  }
  if (rule.kind !== "guardrail" && rule.kind !== "metric_significant") return [];
  const metrics = document.metrics.filter((m) =>
    target.metric !== undefined ? m.metric === target.metric : m.role === "guardrail",
  );
  return metrics.map((m) => {
    // Control comes first and carries no comparison.
    const compared = m.variants.slice(1).filter((v) => v.status === "ok" && v.significant !== undefined);
    const hits = compared.filter((v) => {
      if (!v.significant) return false;
      if (rule.kind === "metric_significant") return true;
      const up = (v.absoluteDiff ?? v.relativeLift ?? 0) > 0;
      return up !== m.higherIsBetter;
    });
    const pOf = (v: (typeof compared)[number]) => v.adjustedPValue ?? v.pValue ?? null;
    const values = (hits.length > 0 ? hits : compared).map(pOf).filter((p): p is number => p !== null);
    return {
      instance: `${experimentInstance(experiment.key)}/metric:${m.metric}`,
      subject: { experiment: experiment.key, metric: m.metric },
      active: compared.length === 0 ? null : hits.length > 0,
      value: values.length > 0 ? Math.min(...values) : null,
    };
  });
}

const versionInstance = (model: string, version: string) => `model:${model}/version:${version}`;

/** The rows of the latest window that has an answer (the current day can be too thin to have one). */
function latestWindow<T extends { windowStart: Date }>(
  rows: readonly T[],
  answered: (row: T) => boolean,
): T[] {
  const starts = [...new Set(rows.filter(answered).map((r) => r.windowStart.getTime()))].sort(
    (a, b) => b - a,
  );
  const latest = starts[0];
  return latest === undefined ? [] : rows.filter((r) => r.windowStart.getTime() === latest);
}

/** drift on the windows a drift run just computed for one version. */
export function driftObservations(
  rule: RuleCondition,
  version: { modelKey: string; version: string },
  rows: readonly DriftSnapshotRow[],
): InstanceObservation[] {
  const { target } = rule;
  if (rule.kind !== "drift" || target.model !== version.modelKey) return [];
  if (target.version !== undefined && target.version !== version.version) return [];
  const feature = target.feature ?? "any";
  const subject: AlertTarget = { model: version.modelKey, version: version.version, feature };
  const instance = versionInstance(version.modelKey, version.version);
  const latest = latestWindow(rows, (r) => r.status === "ok").filter((r) => r.status === "ok");
  if (feature !== "any") {
    const row = latest.find((r) => r.feature === feature);
    return [{ instance, subject, active: row ? row.drifted : null, value: row?.statistic ?? null }];
  }
  const features = latest.filter((r) => r.kind === "feature");
  if (features.length === 0) return [{ instance, subject, active: null, value: null }];
  const drifted = features.filter((r) => r.drifted).length;
  const share = drifted / features.length;
  const active = rule.threshold !== null ? share > rule.threshold : drifted > 0;
  return [{ instance, subject, active, value: share }];
}

/**
 * The fewest rows (labelled predictions, or queries for ranking metrics) a window needs before a
 * performance rule judges it: today's window just after midnight holds a handful of labels, and
 * an AUC on 100 of them still has a standard error near 0.05. Drift has the same floor
 * (`minRows`, app/stats/drift/config.ts).
 */
export const MIN_JUDGED_ROWS = 100;

/** performance on the windows a performance run just computed for one version. */
export function performanceObservations(
  rule: RuleCondition,
  version: { modelKey: string; version: string },
  rows: readonly PerformanceSnapshotRow[],
): InstanceObservation[] {
  const { target, threshold } = rule;
  if (rule.kind !== "performance" || target.model !== version.modelKey || threshold === null) return [];
  if (target.version !== undefined && target.version !== version.version) return [];
  const k = target.k ?? 0;
  const mine = rows.filter((r) => r.metric === target.metric && r.k === k);
  const judged = (r: PerformanceSnapshotRow) => r.value !== null && r.count >= MIN_JUDGED_ROWS;
  const [row] = latestWindow(mine, judged).filter(judged);
  const subject: AlertTarget = { model: version.modelKey, version: version.version, metric: target.metric };
  const instance = versionInstance(version.modelKey, version.version);
  if (!row || row.value === null) return [{ instance, subject, active: null, value: null }];
  const active = target.direction === "above" ? row.value > threshold : row.value < threshold;
  return [{ instance, subject, active, value: row.value }];
}

/** job_failure on a job's latest finished runs, newest first. */
export function jobFailureObservations(
  rule: RuleCondition,
  job: string,
  recentStatuses: readonly JobRunStatus[],
): InstanceObservation[] {
  if (rule.kind !== "job_failure" || rule.target.job !== job) return [];
  const needed = rule.threshold ?? DEFAULT_JOB_FAILURES;
  let streak = 0;
  for (const status of recentStatuses) {
    if (status !== "failed") break;
    streak++;
  }
  return [{ instance: `job:${job}`, subject: { job }, active: streak >= needed, value: streak }];
}
