import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { alertRules, alerts, alertTransitions } from "#db/schema";
import type { AlertStatus } from "#lib/alert-lifecycle";
import type { AlertTarget } from "#lib/contracts/alerts";
import type { AlertNotification, AlertRuleKind, AlertState } from "#lib/vocabulary";

export type AlertRuleRow = typeof alertRules.$inferSelect;
export type AlertRuleValues = Omit<typeof alertRules.$inferInsert, "id" | "createdAt" | "updatedAt">;
export type AlertRow = typeof alerts.$inferSelect;

export async function insertAlertRule(
  handle: DbHandle,
  values: AlertRuleValues,
  now: Date,
): Promise<AlertRuleRow> {
  const [row] = await handle.db
    .insert(alertRules)
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error("could not insert the alert rule");
  return row;
}

/** Replaces a rule's settings; returns undefined when there is no such rule. */
export async function updateAlertRule(
  handle: DbHandle,
  id: number,
  values: AlertRuleValues,
  now: Date,
): Promise<AlertRuleRow | undefined> {
  const [row] = await handle.db
    .update(alertRules)
    .set({ ...values, updatedAt: now })
    .where(eq(alertRules.id, id))
    .returning();
  return row;
}

/** Deletes a rule with its alerts and their history; false when there was none. */
export async function deleteAlertRule(handle: DbHandle, id: number): Promise<boolean> {
  const rows = await handle.db
    .delete(alertRules)
    .where(eq(alertRules.id, id))
    .returning({ id: alertRules.id });
  return rows.length > 0;
}

export async function getAlertRule(handle: DbHandle, id: number): Promise<AlertRuleRow | undefined> {
  const [row] = await handle.db.select().from(alertRules).where(eq(alertRules.id, id)).limit(1);
  return row;
}

export async function alertRuleByName(handle: DbHandle, name: string): Promise<AlertRuleRow | undefined> {
  const [row] = await handle.db.select().from(alertRules).where(eq(alertRules.name, name)).limit(1);
  return row;
}

export async function listAlertRules(handle: DbHandle): Promise<AlertRuleRow[]> {
  return handle.db.select().from(alertRules).orderBy(asc(alertRules.name));
}

/** The enabled rules of some kinds: what a job run evaluates. */
export async function enabledAlertRules(
  handle: DbHandle,
  kinds: readonly AlertRuleKind[],
): Promise<AlertRuleRow[]> {
  return handle.db
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.enabled, true), inArray(alertRules.kind, [...kinds])))
    .orderBy(asc(alertRules.id));
}

/** A rule's alerts are about its old target after the target changes: they go, history with them. */
export async function deleteAlertsOfRule(handle: DbHandle, ruleId: number): Promise<void> {
  await handle.db.delete(alerts).where(eq(alerts.ruleId, ruleId));
}

/**
 * The alert of (rule, instance), created inactive if new, locked for the rest of the transaction:
 * a second evaluation of the same alert (another worker, a re-run) waits here and then reads the
 * state the first one wrote.
 */
export async function lockAlert(
  handle: DbHandle,
  input: { ruleId: number; instance: string; subject: AlertTarget; now: Date },
): Promise<AlertRow> {
  await handle.db
    .insert(alerts)
    .values({
      ruleId: input.ruleId,
      instance: input.instance,
      subject: input.subject,
      evaluatedAt: input.now,
    })
    .onConflictDoNothing({ target: [alerts.ruleId, alerts.instance] });
  const [row] = await handle.db
    .select()
    .from(alerts)
    .where(and(eq(alerts.ruleId, input.ruleId), eq(alerts.instance, input.instance)))
    .for("update");
  if (!row) throw new Error(`alert ${input.ruleId}/${input.instance} vanished`);
  return row;
}

export async function saveAlert(
  handle: DbHandle,
  id: number,
  input: { status: AlertStatus; value: number | null; sequence: number; evaluatedAt: Date },
): Promise<void> {
  const { status } = input;
  await handle.db
    .update(alerts)
    .set({
      state: status.state,
      pendingSince: status.pendingSince,
      startsAt: status.startsAt,
      endsAt: status.endsAt,
      lastNotifiedAt: status.lastNotifiedAt,
      repeats: status.repeats,
      value: input.value,
      sequence: input.sequence,
      evaluatedAt: input.evaluatedAt,
    })
    .where(eq(alerts.id, id));
}

/**
 * Records a transition unless one with its dedupe key exists; true when this call recorded it
 * (and so is the one that notifies).
 */
export async function recordTransition(
  handle: DbHandle,
  input: {
    alertId: number;
    sequence: number;
    from: AlertState;
    to: AlertState;
    at: Date;
    value: number | null;
    notification: AlertNotification | null;
    dedupeKey: string;
  },
): Promise<boolean> {
  const rows = await handle.db
    .insert(alertTransitions)
    .values({
      alertId: input.alertId,
      sequence: input.sequence,
      fromState: input.from,
      toState: input.to,
      at: input.at,
      value: input.value,
      notification: input.notification,
      dedupeKey: input.dedupeKey,
    })
    .onConflictDoNothing()
    .returning({ id: alertTransitions.id });
  return rows.length > 0;
}

export type AlertWithRule = AlertRow & {
  rule: { id: number; name: string; kind: AlertRuleKind; enabled: boolean; threshold: number | null };
};

/** Alerts (of any state, or of some), open ones first, newest change first. */
export async function listAlerts(handle: DbHandle, states?: readonly AlertState[]): Promise<AlertWithRule[]> {
  const rows = await handle.db
    .select({
      alert: alerts,
      rule: {
        id: alertRules.id,
        name: alertRules.name,
        kind: alertRules.kind,
        enabled: alertRules.enabled,
        threshold: alertRules.threshold,
      },
    })
    .from(alerts)
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .where(states ? inArray(alerts.state, [...states]) : undefined)
    .orderBy(
      sql`case ${alerts.state} when 'firing' then 0 when 'pending' then 1 when 'resolved' then 2 else 3 end`,
      desc(
        sql`coalesce(${alerts.endsAt}, ${alerts.startsAt}, ${alerts.pendingSince}, ${alerts.evaluatedAt})`,
      ),
    );
  return rows.map((r) => ({ ...r.alert, rule: r.rule }));
}

export type TransitionRow = typeof alertTransitions.$inferSelect & {
  ruleId: number;
  ruleName: string;
  ruleKind: AlertRuleKind;
  instance: string;
  subject: AlertTarget;
};

/** Transitions, newest first. */
export async function listTransitions(
  handle: DbHandle,
  filter: { ruleId?: number; limit: number },
): Promise<TransitionRow[]> {
  const rows = await handle.db
    .select({
      t: alertTransitions,
      ruleId: alertRules.id,
      ruleName: alertRules.name,
      ruleKind: alertRules.kind,
      instance: alerts.instance,
      subject: alerts.subject,
    })
    .from(alertTransitions)
    .innerJoin(alerts, eq(alerts.id, alertTransitions.alertId))
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .where(filter.ruleId !== undefined ? eq(alertRules.id, filter.ruleId) : undefined)
    .orderBy(desc(alertTransitions.at), desc(alertTransitions.id))
    .limit(filter.limit);
  return rows.map((r) => ({
    ...r.t,
    ruleId: r.ruleId,
    ruleName: r.ruleName,
    ruleKind: r.ruleKind,
    instance: r.instance,
    subject: r.subject,
  }));
}
