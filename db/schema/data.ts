import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import type { AssignmentSource } from "#lib/vocabulary";
import { outsideValueRange } from "#db/sql-helpers";

/*
 * High-volume tables. Every key starts with or contains `unit`, so the tables can be distributed
 * by unit (Citus) and the results join (assignments ⋈ events on unit) stays shard-local.
 * Foreign keys are left off these tables on purpose: they cost on every insert at tens of
 * millions of rows and cannot be enforced across shards; the API validates references instead.
 */

/** One row per (experiment, unit): the first assignment wins. */
export const assignments = pgTable(
  "assignments",
  {
    experimentId: integer("experiment_id").notNull(),
    unit: text().notNull(),
    variantId: integer("variant_id").notNull(),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull(),
    source: text().$type<AssignmentSource>().notNull(),
    // Low-cardinality attributes known at assignment time (country, platform, …): the results
    // job breaks results down by the ones an experiment lists. Null when none were sent.
    attributes: jsonb().$type<Record<string, string>>(),
    // When this row was written or its assigned_at last moved: the results rollup re-reads such units.
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // INCLUDE (variant_id, assigned_at) in the database (migration 0013): drizzle cannot declare it.
    primaryKey({ columns: [t.experimentId, t.unit] }),
    index("assignments_experiment_variant_idx").on(t.experimentId, t.variantId),
  ],
);

/** A unit reported in a second variant: kept (idempotently) as a data-quality signal, never merged. */
export const assignmentConflicts = pgTable(
  "assignment_conflicts",
  {
    experimentId: integer("experiment_id").notNull(),
    unit: text().notNull(),
    variantId: integer("variant_id").notNull(),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.experimentId, t.unit, t.variantId] })],
);

/** Outcome events. (unit, event_id) is the idempotency key: a re-sent event is ignored. */
export const events = pgTable(
  "events",
  {
    unit: text().notNull(),
    eventId: text("event_id").notNull(),
    name: text().notNull(),
    value: doublePrecision().notNull().default(1),
    ts: timestamp({ withTimezone: true }).notNull(),
    properties: jsonb().$type<Record<string, unknown>>(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.unit, t.eventId] }),
    // The results job filters events by metric event name and time, then joins on unit.
    index("events_name_ts_idx").on(t.name, t.ts),
    // Rows arrive in received_at order, so a BRIN index (a few pages) finds what arrived since
    // the last results run; a B-tree would cost every insert far more.
    index("events_received_at_brin").using("brin", t.receivedAt),
    // Values beyond the API's bound (stored before it, or around the API) are left out of the
    // results and counted; this index holds only those rows, so counting them reads nothing.
    index("events_value_out_of_range_idx")
      .on(t.ts)
      .where(outsideValueRange(sql`${t.value}`)),
  ],
);

/**
 * Per-unit metric values of a running experiment as of its last results run (the "rollup"), so a
 * run re-aggregates only the units whose data changed since (see db/queries/experiment-rollup.ts).
 * `vals` follows the layout of db/queries/experiment-per-unit.ts, identified by the fingerprint in
 * experiment_rollups; a changed layout rebuilds the rollup.
 */
export const experimentUnitValues = pgTable(
  "experiment_unit_values",
  {
    experimentId: integer("experiment_id").notNull(),
    unit: text().notNull(),
    variantId: integer("variant_id").notNull(),
    vals: doublePrecision().array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.experimentId, t.unit] })],
);

/** State of each experiment's rollup: what it was computed for and up to when. */
export const experimentRollups = pgTable("experiment_rollups", {
  experimentId: integer("experiment_id").primaryKey(),
  fingerprint: text().notNull(),
  /** The analysis end the rollup's values are computed for. */
  endAt: timestamp("end_at", { withTimezone: true }).notNull(),
  /** Database time when the rollup was last brought up to date; data recorded after it is new. */
  watermark: timestamp({ withTimezone: true }).notNull(),
  /**
   * Which event rows the rollup's values count: a `pg_snapshot` (as text) and a time before which
   * every row it cannot see was received (db/queries/row-visibility.ts). Null: unknown, rebuild.
   */
  snapshot: text(),
  visibleBefore: timestamp("visible_before", { withTimezone: true }),
  /**
   * The rollup's per-variant totals, kept up to date by adding each run's changes (null with
   * percentile caps, which need every unit), and what they were summed for: the fingerprint and
   * the caps.
   */
  totalsKey: text("totals_key"),
  totals: jsonb().$type<Array<Record<string, number>>>(),
  /** Metric events in the analysis window per hour of arrival (see db/queries/experiment-metric-events.ts). */
  eventHours: jsonb("event_hours").$type<Record<string, number>>(),
});
