/**
 * Alert rules and alerts in words, for the /alerts page and the overview: what a rule watches,
 * what an alert's value means against its threshold, and each state's word and icon.
 */
import { formatCount, formatPClause, formatPercent, MISSING } from "#app/ui/format";
import type { AlertRuleView, AlertTarget, AlertView } from "#lib/contracts/alerts";
import type { AlertRuleKind } from "#lib/vocabulary";

export const KIND_LABEL: Record<AlertRuleKind, string> = {
  srm: "Sample ratio mismatch",
  guardrail: "Guardrail harmed",
  metric_significant: "Metric significant",
  drift: "Model drift",
  performance: "Model performance",
  job_failure: "Job failing",
};

const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });
const versionText = (t: AlertTarget) => (t.version ? ` ${t.version}` : " (every version)");

/** One sentence: what the rule watches and when it fires. */
export function describeRule(rule: Pick<AlertRuleView, "kind" | "target" | "threshold">): string {
  const { target: t, threshold } = rule;
  switch (rule.kind) {
    case "srm":
      return `Sample ratio mismatch (p < ${numberFormat.format(threshold ?? 0.001)}) on ${
        t.experiment ?? "every running experiment"
      }`;
    case "guardrail":
      return `${t.metric ?? "Any guardrail"} significantly worse on ${t.experiment}`;
    case "metric_significant":
      return `${t.metric} significant (either direction) on ${t.experiment}`;
    case "drift":
      if (threshold !== null)
        return `More than ${formatPercent(threshold)} of features drifted in ${t.model}${versionText(t)}`;
      return `${!t.feature || t.feature === "any" ? "Any feature" : t.feature} drifted in ${t.model}${versionText(t)}`;
    case "performance":
      return `${t.metric}${t.k ? `@${t.k}` : ""} ${t.direction} ${numberFormat.format(threshold ?? 0)} on ${t.model}${versionText(t)}`;
    case "job_failure":
      return `${t.job} failed ${formatCount(threshold)} runs in a row`;
  }
}

/** The observed value in the rule's terms. */
export function formatAlertValue(kind: AlertRuleKind, value: number | null): string {
  if (value === null) return MISSING;
  switch (kind) {
    case "srm":
    case "guardrail":
    case "metric_significant":
      return formatPClause(value);
    case "drift":
      return `${formatPercent(value)} of features drifted`;
    case "performance":
      return numberFormat.format(value);
    case "job_failure":
      return `${formatCount(value)} failed in a row`;
  }
}

/** What the alert is about, as a link text: the experiment (metric), model version (metric) or job. */
export function alertSubjectText(subject: AlertTarget): string {
  const parts: string[] = [];
  if (subject.experiment) parts.push(subject.experiment);
  if (subject.model) parts.push(subject.version ? `${subject.model} ${subject.version}` : subject.model);
  if (subject.metric) parts.push(subject.metric);
  if (subject.feature && subject.feature !== "any") parts.push(subject.feature);
  if (subject.job) parts.push(subject.job);
  return parts.join(" · ");
}

/** An alert as a row of the page: its state, its rule and subject in words, where to look. */
export function alertRow(alert: AlertView) {
  return {
    id: alert.id,
    state: alert.state,
    rule: alert.rule.name,
    kind: KIND_LABEL[alert.rule.kind],
    subject: alertSubjectText(alert.subject),
    url: alert.url,
    value: formatAlertValue(alert.rule.kind, alert.value),
    since:
      alert.state === "pending"
        ? alert.pendingSince
        : alert.state === "resolved"
          ? alert.endsAt
          : alert.startsAt,
  };
}
