import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import type { ResultsDocument } from "#lib/contracts/results";
import type { DriftMethod, DriftSubject, JobRunStatus, JobRunTrigger } from "#lib/vocabulary";

/** One computed results document per experiment and as-of time (the latest, and one per day). */
export const experimentSnapshots = pgTable(
  "experiment_snapshots",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    experimentId: integer("experiment_id").notNull(),
    asOf: timestamp("as_of", { withTimezone: true }).notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
    runId: bigint("run_id", { mode: "number" }),
    result: jsonb().$type<ResultsDocument>().notNull(),
  },
  (t) => [unique("experiment_snapshots_experiment_as_of_unique").on(t.experimentId, t.asOf)],
);

/** Drift of one feature (or the score, or the label) of a model version in one window. */
export const driftSnapshots = pgTable(
  "drift_snapshots",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    versionId: integer("version_id").notNull(),
    feature: text().notNull(),
    kind: text().$type<DriftSubject>().notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    windowEnd: timestamp("window_end", { withTimezone: true }).notNull(),
    method: text().$type<DriftMethod>().notNull(),
    statistic: doublePrecision(),
    pValue: doublePrecision("p_value"),
    threshold: doublePrecision(),
    drifted: boolean().notNull(),
    referenceCount: integer("reference_count").notNull(),
    currentCount: integer("current_count").notNull(),
    status: text().notNull(),
    details: jsonb().$type<Record<string, unknown>>(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
    /**
     * The window's data when this was computed (predictions and labels: counts and latest
     * arrival, db/queries/model-drift.ts windowSources): a later run skips a window whose data
     * still reads the same. Null on rows written before it existed (recomputed once).
     */
    source: text(),
  },
  (t) => [
    unique("drift_snapshots_window_unique").on(t.versionId, t.feature, t.kind, t.windowStart, t.windowEnd),
    index("drift_snapshots_version_window_idx").on(t.versionId, t.windowStart),
  ],
);

/**
 * The fine reference summary of a numeric feature (its quantile cells: edges and per-cell count,
 * sum, Σ(x − mean)², min, max), which the drift job's KS and Wasserstein read on every run. One
 * row per version and feature, replaced when the reference window or the drift config changes.
 */
export const driftReferenceCells = pgTable(
  "drift_reference_cells",
  {
    versionId: integer("version_id").notNull(),
    kind: text().$type<DriftSubject>().notNull(),
    feature: text().notNull(),
    referenceFrom: text("reference_from").notNull(),
    referenceTo: text("reference_to").notNull(),
    config: text().notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
    cells: jsonb().$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.kind, t.feature] })],
);

/** One performance metric (at one k, 0 when k does not apply) of a model version in one window. */
export const performanceSnapshots = pgTable(
  "performance_snapshots",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    versionId: integer("version_id").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    windowEnd: timestamp("window_end", { withTimezone: true }).notNull(),
    metric: text().notNull(),
    k: integer().notNull().default(0),
    value: doublePrecision(),
    count: integer().notNull(),
    details: jsonb().$type<Record<string, unknown>>(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    unique("performance_snapshots_window_unique").on(t.versionId, t.windowStart, t.windowEnd, t.metric, t.k),
  ],
);

/** Every job run: scheduled or manual, what it touched, how it ended. */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    job: text().notNull(),
    status: text().$type<JobRunStatus>().notNull(),
    trigger: text().$type<JobRunTrigger>().notNull(),
    target: jsonb().$type<{ experiment?: string; model?: string }>(),
    asOf: timestamp("as_of", { withTimezone: true }),
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    durationMs: integer("duration_ms"),
    rowsScanned: bigint("rows_scanned", { mode: "number" }),
    itemsOk: integer("items_ok"),
    itemsFailed: integer("items_failed"),
    error: text(),
    // Per-item failures ({ item, error }), so one bad experiment is visible without failing the run.
    problems: jsonb().$type<Array<{ item: string; error: string }>>(),
    // pg-boss retries a failed run under the same job id: the attempt now running or last run,
    // and the errors of the attempts before it, which a retry must not erase.
    attempt: integer().notNull().default(1),
    earlierErrors: jsonb("earlier_errors").$type<Array<{ attempt: number; error: string }>>(),
    bossJobId: text("boss_job_id"),
    // Written every few seconds while the run is running: a stale one means its worker died.
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
  },
  (t) => [
    index("job_runs_job_queued_idx").on(t.job, t.queuedAt),
    index("job_runs_boss_job_idx").on(t.bossJobId),
  ],
);
