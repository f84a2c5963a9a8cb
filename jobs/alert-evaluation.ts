import type { DbHandle } from "#db/client";
import {
  type AlertRuleRow,
  enabledAlertRules,
  lockAlert,
  recordTransition,
  saveAlert,
} from "#db/queries/alerts";
import { enqueueWebhookMessages } from "#db/queries/webhook-messages";
import { type AlertStatus, step } from "#lib/alert-lifecycle";
import { alertPath, alertSubjectLabel, effectiveThreshold } from "#lib/contracts/alerts";
import type { AlertWebhookData } from "#lib/contracts/webhooks";
import type { AlertNotification, AlertRuleKind } from "#lib/vocabulary";
import { recentFinishedStatuses } from "#db/queries/job-runs";
import { type InstanceObservation, jobFailureObservations } from "./alert-conditions";

/**
 * Evaluates the enabled rules of `kinds` against what a job run just computed, on the handle the
 * run writes its snapshot with (so the alert state, its history and the webhook messages commit or
 * roll back with the snapshot). Returns the transitions recorded.
 */
export async function evaluateAlertRules(
  tx: DbHandle,
  kinds: readonly AlertRuleKind[],
  observe: (rule: AlertRuleRow) => InstanceObservation[],
  now: Date,
): Promise<number> {
  const rules = await enabledAlertRules(tx, kinds);
  let recorded = 0;
  for (const rule of rules) {
    for (const observation of observe(rule)) recorded += await evaluateAlert(tx, rule, observation, now);
  }
  return recorded;
}

function statusOf(row: AlertStatus): AlertStatus {
  const { state, pendingSince, startsAt, endsAt, lastNotifiedAt, repeats } = row;
  return { state, pendingSince, startsAt, endsAt, lastNotifiedAt, repeats };
}

/** One alert: lock its row, step its life cycle, record each transition once. */
export async function evaluateAlert(
  tx: DbHandle,
  rule: AlertRuleRow,
  observation: InstanceObservation,
  now: Date,
): Promise<number> {
  const row = await lockAlert(tx, {
    ruleId: rule.id,
    instance: observation.instance,
    subject: observation.subject,
    now,
  });
  const timing = { forMs: rule.forSeconds * 1000, repeatMs: rule.repeatSeconds * 1000 };
  const next = step(statusOf(row), { active: observation.active }, timing, now);
  let sequence = row.sequence;
  let recorded = 0;
  for (const transition of next.transitions) {
    const dedupeKey = `${rule.id}:${observation.instance}:${transition.dedupeSuffix}`;
    const fresh = await recordTransition(tx, {
      alertId: row.id,
      sequence: sequence + 1,
      from: transition.from,
      to: transition.to,
      at: now,
      value: observation.value,
      notification: transition.notification,
      dedupeKey,
    });
    if (!fresh) continue;
    sequence++;
    recorded++;
    if (transition.notification && rule.webhookIds.length > 0) {
      await enqueueWebhookMessages(tx, {
        webhookIds: rule.webhookIds,
        type: transition.notification,
        data: webhookData(rule, observation, next.status, transition.notification),
        dedupeKey,
      });
    }
  }
  await saveAlert(tx, row.id, {
    status: next.status,
    value: observation.active === null ? row.value : observation.value,
    sequence,
    evaluatedAt: now,
  });
  return recorded;
}

/** Longest failure streak a job_failure rule can ask for (its threshold's maximum). */
const MAX_STREAK = 100;

/** job_failure rules of one job, after one of its runs finished (same transaction as its status). */
export async function evaluateJobAlerts(tx: DbHandle, job: string, now: Date): Promise<number> {
  const rules = await enabledAlertRules(tx, ["job_failure"]);
  if (!rules.some((r) => r.target.job === job)) return 0;
  const statuses = await recentFinishedStatuses(tx, job, MAX_STREAK);
  let recorded = 0;
  for (const rule of rules) {
    for (const observation of jobFailureObservations(rule, job, statuses)) {
      recorded += await evaluateAlert(tx, rule, observation, now);
    }
  }
  return recorded;
}

/**
 * The facts of one notified transition. `url` is the dashboard path; the delivery side renders it
 * against the server's public address (jobs do not know it).
 */
function webhookData(
  rule: AlertRuleRow,
  observation: InstanceObservation,
  status: AlertStatus,
  notification: AlertNotification,
): AlertWebhookData {
  const resolved = notification === "alert.resolved";
  return {
    rule: { id: String(rule.id), name: rule.name },
    kind: rule.kind,
    target: alertSubjectLabel(observation.subject),
    state: resolved ? "resolved" : "firing",
    value: observation.value,
    threshold: effectiveThreshold(rule.kind, rule.threshold),
    startsAt: (status.startsAt ?? new Date(0)).toISOString(),
    ...(resolved && status.endsAt ? { endsAt: status.endsAt.toISOString() } : {}),
    url: alertPath(observation.subject),
  };
}
