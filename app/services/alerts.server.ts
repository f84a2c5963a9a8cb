/** Alert rules (create, change, delete, list) and the alerts and transitions they produced. */
import type { DbHandle } from "#db/client";
import {
  type AlertRuleRow,
  type AlertRuleValues,
  type AlertWithRule,
  alertRuleByName,
  deleteAlertRule as deleteRuleRow,
  deleteAlertsOfRule,
  getAlertRule as getRuleRow,
  insertAlertRule,
  listAlertRules as listRuleRows,
  listAlerts as listAlertRows,
  listTransitions,
  updateAlertRule as updateRuleRow,
} from "#db/queries/alerts";
import { findExperimentByKey } from "#db/queries/experiments";
import { findModelByKey } from "#db/queries/models";
import { findWebhook, listWebhooks } from "#db/queries/webhooks";
import {
  type AlertRuleInput,
  type AlertRuleView,
  type AlertTarget,
  type AlertTransitionView,
  type AlertView,
  alertPath,
  DEFAULT_REPEAT_INTERVAL,
  effectiveThreshold,
} from "#lib/contracts/alerts";
import { formatDuration, parseDuration } from "#lib/duration";
import { conflict, type ErrorDetail, invalidInput, notFound } from "#lib/errors";
import type { AlertState } from "#lib/vocabulary";

const DEFAULT_HISTORY = 100;
const MAX_HISTORY = 500;

function toView(row: AlertRuleRow): AlertRuleView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    target: row.target,
    threshold: effectiveThreshold(row.kind, row.threshold),
    for: formatDuration(row.forSeconds),
    repeatInterval: formatDuration(row.repeatSeconds),
    webhooks: row.webhookIds,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function valuesOf(input: AlertRuleInput): AlertRuleValues {
  return {
    name: input.name,
    kind: input.kind,
    target: input.target,
    threshold: "threshold" in input && input.threshold !== undefined ? input.threshold : null,
    forSeconds: parseDuration(input.for ?? "0s") ?? 0,
    repeatSeconds: parseDuration(input.repeatInterval ?? DEFAULT_REPEAT_INTERVAL) ?? 0,
    webhookIds: input.webhooks ?? [],
    enabled: input.enabled ?? true,
  };
}

/** What the rule points at must exist: a field-level 400 naming the missing one. */
async function checkReferences(
  handle: DbHandle,
  input: AlertRuleInput,
  jobNames: readonly string[],
  excludeId?: number,
) {
  const problems: ErrorDetail[] = [];
  const target: AlertTarget = input.target;
  if (target.job !== undefined && !jobNames.includes(target.job)) {
    problems.push({
      path: "target.job",
      message: `no job named "${target.job}" (jobs: ${jobNames.join(", ")})`,
    });
  }
  if (target.experiment !== undefined && !(await findExperimentByKey(handle, target.experiment))) {
    problems.push({ path: "target.experiment", message: `no experiment with key "${target.experiment}"` });
  }
  if (target.model !== undefined && !(await findModelByKey(handle, target.model))) {
    problems.push({ path: "target.model", message: `no model with key "${target.model}"` });
  }
  for (const [i, id] of (input.webhooks ?? []).entries()) {
    if (!(await findWebhook(handle, id)))
      problems.push({ path: `webhooks[${i}]`, message: `no webhook with id ${id}` });
  }
  if (problems.length > 0) throw invalidInput(`Invalid alert rule: ${problems.length} problem(s)`, problems);
  const sameName = await alertRuleByName(handle, input.name);
  if (sameName && sameName.id !== excludeId) {
    throw conflict(`An alert rule named "${input.name}" exists`, [
      { path: "name", message: "already used by another rule" },
    ]);
  }
}

/** `jobNames`: the scheduled jobs a job_failure rule may watch (the job registry sits above services). */
export async function createAlertRule(
  handle: DbHandle,
  input: AlertRuleInput,
  jobNames: readonly string[],
  now: Date,
): Promise<AlertRuleView> {
  return handle.transaction(async (tx) => {
    await checkReferences(tx, input, jobNames);
    return toView(await insertAlertRule(tx, valuesOf(input), now));
  });
}

async function ruleOrThrow(handle: DbHandle, id: number): Promise<AlertRuleRow> {
  const row = Number.isSafeInteger(id) ? await getRuleRow(handle, id) : undefined;
  if (!row) throw notFound(`No alert rule with id ${id}`);
  return row;
}

export async function getAlertRule(handle: DbHandle, id: number): Promise<AlertRuleView> {
  return toView(await ruleOrThrow(handle, id));
}

export async function listAlertRules(handle: DbHandle): Promise<AlertRuleView[]> {
  return (await listRuleRows(handle)).map(toView);
}

/**
 * The rule as a create body with a patch applied: the caller validates the whole of it. The kind
 * cannot change (a different kind is a different rule); `threshold: null` restores the default.
 */
export async function patchedAlertRule(
  handle: DbHandle,
  id: number,
  patch: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const row = await ruleOrThrow(handle, id);
  const current: Record<string, unknown> = {
    name: row.name,
    kind: row.kind,
    target: row.target,
    for: formatDuration(row.forSeconds),
    repeatInterval: formatDuration(row.repeatSeconds),
    webhooks: row.webhookIds,
    enabled: row.enabled,
    ...(row.threshold !== null ? { threshold: row.threshold } : {}),
  };
  const merged: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (field === "threshold" && value === null) delete merged.threshold;
    else merged[field] = value;
  }
  return merged;
}

/** Replaces a rule's settings; a new target starts its alerts afresh (they were about the old one). */
export async function updateAlertRule(
  handle: DbHandle,
  id: number,
  input: AlertRuleInput,
  jobNames: readonly string[],
  now: Date,
): Promise<AlertRuleView> {
  return handle.transaction(async (tx) => {
    const row = await ruleOrThrow(tx, id);
    if (input.kind !== row.kind) {
      throw invalidInput("The kind of a rule cannot change", [
        { path: "kind", message: `is ${row.kind}; create a new rule for another kind` },
      ]);
    }
    await checkReferences(tx, input, jobNames, id);
    if (JSON.stringify(sortedKeys(row.target)) !== JSON.stringify(sortedKeys(input.target))) {
      await deleteAlertsOfRule(tx, id);
    }
    const updated = await updateRuleRow(tx, id, valuesOf(input), now);
    if (!updated) throw notFound(`No alert rule with id ${id}`);
    return toView(updated);
  });
}

function sortedKeys(target: AlertTarget): Array<[string, unknown]> {
  return Object.entries(target).sort(([a], [b]) => a.localeCompare(b));
}

export async function deleteAlertRule(handle: DbHandle, id: number): Promise<void> {
  if (!(Number.isSafeInteger(id) && (await deleteRuleRow(handle, id))))
    throw notFound(`No alert rule with id ${id}`);
}

function alertView(row: AlertWithRule): AlertView {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: row.id,
    rule: { id: row.rule.id, name: row.rule.name, kind: row.rule.kind, enabled: row.rule.enabled },
    instance: row.instance,
    subject: row.subject,
    state: row.state,
    value: row.value,
    threshold: effectiveThreshold(row.rule.kind, row.rule.threshold),
    pendingSince: iso(row.pendingSince),
    startsAt: iso(row.startsAt),
    endsAt: iso(row.endsAt),
    lastNotifiedAt: iso(row.lastNotifiedAt),
    evaluatedAt: row.evaluatedAt.toISOString(),
    url: alertPath(row.subject),
  };
}

/** Alerts, firing first; `states` narrows them (the overview asks for the open ones). */
export async function listAlerts(handle: DbHandle, states?: readonly AlertState[]): Promise<AlertView[]> {
  return (await listAlertRows(handle, states)).map(alertView);
}

/** Open alerts: firing, or pending (condition holds, `for` not yet elapsed). */
export const OPEN_STATES: readonly AlertState[] = ["firing", "pending"];

export async function alertHistory(
  handle: DbHandle,
  filter: { ruleId?: number; limit?: number },
): Promise<AlertTransitionView[]> {
  const limit = Math.min(Math.max(filter.limit ?? DEFAULT_HISTORY, 1), MAX_HISTORY);
  const rows = await listTransitions(handle, { ruleId: filter.ruleId, limit });
  return rows.map((t) => ({
    id: t.id,
    alertId: t.alertId,
    rule: { id: t.ruleId, name: t.ruleName, kind: t.ruleKind },
    instance: t.instance,
    subject: t.subject,
    url: alertPath(t.subject),
    sequence: t.sequence,
    from: t.fromState,
    to: t.toState,
    at: t.at.toISOString(),
    value: t.value,
    notification: t.notification,
    dedupeKey: t.dedupeKey,
  }));
}

/** The webhooks a rule can notify, for the rule form: id and a name (never the secret). */
export async function webhookChoices(
  handle: DbHandle,
): Promise<Array<{ id: string; label: string; url: string; enabled: boolean }>> {
  return (await listWebhooks(handle)).map((w) => ({
    id: w.id,
    label: w.description ?? w.url,
    url: w.url,
    enabled: w.enabled,
  }));
}
