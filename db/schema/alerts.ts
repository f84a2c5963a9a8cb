import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import type { AlertTarget } from "#lib/contracts/alerts";
import type { AlertNotification, AlertRuleKind, AlertState } from "#lib/vocabulary";

/** What to watch, when to fire, whom to tell (docs/alerting.md). */
export const alertRules = pgTable(
  "alert_rules",
  {
    id: serial().primaryKey(),
    name: text().notNull().unique(),
    kind: text().$type<AlertRuleKind>().notNull(),
    target: jsonb().$type<AlertTarget>().notNull(),
    // Null = the kind's default (or none); the effective value is computed where it is used.
    threshold: doublePrecision(),
    forSeconds: integer("for_seconds").notNull().default(0),
    repeatSeconds: integer("repeat_seconds").notNull().default(14_400),
    // Webhook ids (uuid); ones deleted since are skipped when a message is queued.
    webhookIds: jsonb("webhook_ids").$type<string[]>().notNull().default([]),
    enabled: boolean().notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "alert_rules_kind_check",
      sql`${t.kind} in ('srm', 'guardrail', 'metric_significant', 'drift', 'performance', 'job_failure')`,
    ),
  ],
);

/** One (rule, target instance): its current place in the life cycle. */
export const alerts = pgTable(
  "alerts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    ruleId: integer("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    instance: text().notNull(),
    subject: jsonb().$type<AlertTarget>().notNull(),
    state: text().$type<AlertState>().notNull().default("inactive"),
    value: doublePrecision(),
    pendingSince: timestamp("pending_since", { withTimezone: true }),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    lastNotifiedAt: timestamp("last_notified_at", { withTimezone: true }),
    // Repeat notifications sent in the current firing episode (0 after the first).
    repeats: integer().notNull().default(0),
    // Transitions so far; the next one is sequence + 1.
    sequence: integer().notNull().default(0),
    evaluatedAt: timestamp("evaluated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    unique("alerts_rule_instance_unique").on(t.ruleId, t.instance),
    index("alerts_state_idx").on(t.state),
    check("alerts_state_check", sql`${t.state} in ('inactive', 'pending', 'firing', 'resolved')`),
  ],
);

/** Every change of an alert's state (and each repeat notification): the history and the dedupe key. */
export const alertTransitions = pgTable(
  "alert_transitions",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    alertId: bigint("alert_id", { mode: "number" })
      .notNull()
      .references(() => alerts.id, { onDelete: "cascade" }),
    sequence: integer().notNull(),
    fromState: text("from_state").$type<AlertState>().notNull(),
    toState: text("to_state").$type<AlertState>().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    value: doublePrecision(),
    notification: text().$type<AlertNotification>(),
    // rule:instance:<event>:<episode start>[:<repeat n>] — one row per transition, whoever computes it.
    dedupeKey: text("dedupe_key").notNull(),
  },
  (t) => [
    unique("alert_transitions_alert_sequence_unique").on(t.alertId, t.sequence),
    unique("alert_transitions_dedupe_key_unique").on(t.dedupeKey),
    index("alert_transitions_at_idx").on(t.at),
  ],
);
