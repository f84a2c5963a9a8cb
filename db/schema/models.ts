import { sql } from "drizzle-orm";
import {
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
import type { DriftConfigDocument } from "#lib/contracts/models";
import type { ModelTask } from "#lib/vocabulary";

export const models = pgTable(
  "models",
  {
    id: serial().primaryKey(),
    key: text().notNull().unique(),
    name: text().notNull(),
    task: text().$type<ModelTask>().notNull(),
    description: text(),
    // Per-model drift thresholds and per-feature overrides (see docs/statistics-models.md).
    driftConfig: jsonb("drift_config").$type<DriftConfigDocument>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("models_task_check", sql`${t.task} in ('binary_classification', 'regression', 'ranking')`)],
);

/** A version appears on its first prediction; its reference window defaults to its first 7 days. */
export const modelVersions = pgTable(
  "model_versions",
  {
    id: serial().primaryKey(),
    modelId: integer("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    version: text().notNull(),
    referenceFrom: timestamp("reference_from", { withTimezone: true }),
    referenceTo: timestamp("reference_to", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("model_versions_model_version_unique").on(t.modelId, t.version)],
);

/** Predictions, idempotent on the client's id. Features stay JSON: the set varies by model. */
export const predictions = pgTable(
  "predictions",
  {
    id: text().primaryKey(),
    versionId: integer("version_id").notNull(),
    ts: timestamp({ withTimezone: true }).notNull(),
    score: doublePrecision().notNull(),
    features: jsonb().$type<Record<string, number | string | boolean | null>>(),
    unit: text(),
    query: text(),
    item: text(),
    rank: integer(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("predictions_version_ts_idx").on(t.versionId, t.ts)],
);

/** Labels arrive late and may be corrected: one row per prediction, replaced on re-send. */
export const labels = pgTable("labels", {
  predictionId: text("prediction_id").primaryKey(),
  label: doublePrecision().notNull(),
  ts: timestamp({ withTimezone: true }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
