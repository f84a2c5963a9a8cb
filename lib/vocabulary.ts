/**
 * The fixed words stored in text columns and published in the API, each listed once: the
 * database schema types its columns with them (`text().$type<…>()`) and the contracts build their
 * zod enums from the same arrays, so a stored value and its published form cannot drift apart.
 * Words that belong to the pure statistics (comparison statuses, drift methods' choice) live in
 * app/stats, which imports nothing outside itself.
 */

export const EXPERIMENT_STATUSES = ["draft", "running", "stopped"] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

/** How an experiment links a metric; the API groups them as primary, secondary[], guardrails[]. */
export const METRIC_ROLES = ["primary", "secondary", "guardrail"] as const;
export type MetricRole = (typeof METRIC_ROLES)[number];

export const METRIC_TYPES = ["proportion", "mean", "ratio"] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

/** 'hash' = assigned by GET /assign, 'client' = posted by a client that assigns itself. */
export const ASSIGNMENT_SOURCES = ["hash", "client"] as const;
export type AssignmentSource = (typeof ASSIGNMENT_SOURCES)[number];

export const API_KEY_SCOPES = ["admin", "ingest"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const JOB_RUN_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

export const JOB_RUN_TRIGGERS = ["schedule", "manual"] as const;
export type JobRunTrigger = (typeof JOB_RUN_TRIGGERS)[number];

export const MODEL_TASKS = ["binary_classification", "regression", "ranking"] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];

/** What a drift snapshot compares: a feature, the model's score, or the label. */
export const DRIFT_SUBJECTS = ["feature", "score", "label"] as const;
export type DriftSubject = (typeof DRIFT_SUBJECTS)[number];

/** Stored per drift snapshot; the statistics engine (app/stats/drift) chooses among the same. */
export const DRIFT_METHODS = [
  "ks",
  "chi-square",
  "wasserstein",
  "psi",
  "jensen-shannon",
  "hellinger",
] as const;
export type DriftMethod = (typeof DRIFT_METHODS)[number];

/** What an alert rule watches (issue 11); the alert webhook payload names it as `kind`. */
export const ALERT_RULE_KINDS = [
  "srm",
  "guardrail",
  "metric_significant",
  "drift",
  "performance",
  "job_failure",
] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

/** `standard`: Standard Webhooks (signed JSON); `slack`: a Slack incoming-webhook payload. */
export const WEBHOOK_FORMATS = ["standard", "slack"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** The `type` of a webhook message (Standard Webhooks' event type). */
export const WEBHOOK_MESSAGE_TYPES = ["alert.firing", "alert.resolved", "webhook.test"] as const;
export type WebhookMessageType = (typeof WEBHOOK_MESSAGE_TYPES)[number];

/**
 * pending: waiting for its next attempt (first or retry); delivered: a 2xx arrived; failed: not
 * sent and not retried (the endpoint was disabled or its URL refused); gave_up: retries exhausted.
 */
export const WEBHOOK_MESSAGE_STATUSES = ["pending", "delivered", "failed", "gave_up"] as const;
export type WebhookMessageStatus = (typeof WEBHOOK_MESSAGE_STATUSES)[number];

/** Prometheus Alertmanager's life cycle of one (rule, target instance). */
export const ALERT_STATES = ["inactive", "pending", "firing", "resolved"] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** What a webhook message announces about an alert. */
export const ALERT_NOTIFICATIONS = ["alert.firing", "alert.resolved"] as const;
export type AlertNotification = (typeof ALERT_NOTIFICATIONS)[number];

/** Dashboard users' roles, each allowed what the one below it may do and more (app/auth/permissions.ts). */
export const USER_ROLES = ["viewer", "editor", "admin"] as const;
export type UserRole = (typeof USER_ROLES)[number];
