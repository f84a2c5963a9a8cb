import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import type { ExperimentSettings } from "#lib/contracts/experiments";
import type { MetricCapping } from "#lib/contracts/metrics";
import type { ExperimentStatus, MetricRole, MetricType } from "#lib/vocabulary";

/** Metric library: definitions that experiments refer to by key. */
export const metrics = pgTable(
  "metrics",
  {
    id: serial().primaryKey(),
    key: text().notNull().unique(),
    name: text().notNull(),
    description: text(),
    type: text().$type<MetricType>().notNull(),
    event: text(),
    numerator: text(),
    denominator: text(),
    higherIsBetter: boolean("higher_is_better").notNull().default(true),
    windowHours: doublePrecision("window_hours"),
    // Winsorisation of the per-unit value (mean metrics); null: uncapped.
    capping: jsonb().$type<MetricCapping>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("metrics_type_check", sql`${t.type} in ('proportion', 'mean', 'ratio')`)],
);

export const experiments = pgTable(
  "experiments",
  {
    id: serial().primaryKey(),
    key: text().notNull().unique(),
    name: text().notNull(),
    hypothesis: text(),
    unitType: text("unit_type").notNull().default("user"),
    status: text().$type<ExperimentStatus>().notNull().default("draft"),
    // Hash salt for deterministic bucketing; random per experiment so experiments are independent.
    salt: text().notNull(),
    settings: jsonb().$type<ExperimentSettings>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    stoppedAt: timestamp("stopped_at", { withTimezone: true }),
  },
  (t) => [check("experiments_status_check", sql`${t.status} in ('draft', 'running', 'stopped')`)],
);

export const variants = pgTable(
  "variants",
  {
    id: serial().primaryKey(),
    experimentId: integer("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    // 0 = control; the order users gave.
    position: smallint().notNull(),
    key: text().notNull(),
    name: text(),
    weight: doublePrecision().notNull(),
    model: text(),
    modelVersion: text("model_version"),
  },
  (t) => [
    unique("variants_experiment_key_unique").on(t.experimentId, t.key),
    unique("variants_experiment_position_unique").on(t.experimentId, t.position),
  ],
);

export const experimentMetrics = pgTable(
  "experiment_metrics",
  {
    experimentId: integer("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    metricId: integer("metric_id")
      .notNull()
      .references(() => metrics.id),
    role: text().$type<MetricRole>().notNull(),
    position: smallint().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.experimentId, t.metricId] }),
    check("experiment_metrics_role_check", sql`${t.role} in ('primary', 'secondary', 'guardrail')`),
  ],
);
