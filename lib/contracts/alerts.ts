import { z } from "zod";
import { parseDuration } from "#lib/duration";
import { ALERT_NOTIFICATIONS, ALERT_RULE_KINDS, ALERT_STATES, type AlertRuleKind } from "#lib/vocabulary";
import { keySchema, text } from "./common";

/** Default p-value under which the SRM check fails (GrowthBook's default SRM threshold). */
export const DEFAULT_SRM_THRESHOLD = 0.001;
/** Default consecutive failed runs before a job_failure rule fires. */
export const DEFAULT_JOB_FAILURES = 3;
export const DEFAULT_REPEAT_INTERVAL = "4h";
/** Longest `for` / repeat interval accepted: 30 days. */
const MAX_DURATION_SECONDS = 30 * 86_400;

const durationSchema = (description: string) =>
  z
    .string()
    .refine((s) => parseDuration(s) !== null, {
      message: "must be a duration like 30s, 15m, 4h, 1h30m or 2d",
    })
    .refine((s) => (parseDuration(s) ?? 0) <= MAX_DURATION_SECONDS, { message: "must be at most 30d" })
    .meta({ description, example: "15m" });

const versionSchema = text(200).min(1).meta({ description: "Model version; absent = every version" });

const base = {
  name: text(200).min(1),
  for: durationSchema(
    "How long the condition must hold before the alert fires (pending until then); default 0s",
  ).optional(),
  repeatInterval: durationSchema("Notify again after this long while still firing; default 4h").optional(),
  webhooks: z
    .array(z.uuid())
    .max(20)
    .refine((ids) => new Set(ids).size === ids.length, { message: "must not repeat a webhook" })
    .optional()
    .meta({ description: "Ids of the webhooks notified on firing, repeat and resolved; default none" }),
  enabled: z.boolean().optional().meta({ description: "Disabled rules are not evaluated; default true" }),
};

export const srmTargetSchema = z.strictObject({
  experiment: keySchema.optional().meta({ description: "Experiment key; absent = every running experiment" }),
});
export const guardrailTargetSchema = z.strictObject({
  experiment: keySchema,
  metric: keySchema.optional().meta({ description: "One guardrail metric; absent = any of its guardrails" }),
});
export const metricSignificantTargetSchema = z.strictObject({ experiment: keySchema, metric: keySchema });
export const driftTargetSchema = z.strictObject({
  model: keySchema,
  version: versionSchema.optional(),
  feature: text(128)
    .min(1)
    .optional()
    .meta({ description: "A feature (or 'score', 'label'), or 'any' (the default): any feature drifted" }),
});
export const performanceTargetSchema = z.strictObject({
  model: keySchema,
  version: versionSchema.optional(),
  metric: text(64)
    .min(1)
    .meta({ description: "auc, log_loss, brier, accuracy, rmse, ndcg, …", example: "auc" }),
  k: z.number().int().min(1).optional().meta({ description: "Cut-off of a ranking metric (ndcg@k, …)" }),
  direction: z
    .enum(["below", "above"])
    .meta({ description: "Fire when the metric is below / above the threshold" }),
});
export const jobFailureTargetSchema = z.strictObject({
  job: text(64).min(1).meta({ description: "Job name, e.g. model-drift", example: "model-drift" }),
});

/** A rule as posted: a union on `kind`, each kind with its own target and threshold. */
export const alertRuleInputSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({
      ...base,
      kind: z.literal("srm"),
      target: srmTargetSchema.default({}),
      threshold: z
        .number()
        .gt(0)
        .lt(1)
        .optional()
        .meta({ description: "SRM p-value below which it fires; default 0.001" }),
    }),
    z.strictObject({ ...base, kind: z.literal("guardrail"), target: guardrailTargetSchema }),
    z.strictObject({ ...base, kind: z.literal("metric_significant"), target: metricSignificantTargetSchema }),
    z
      .strictObject({
        ...base,
        kind: z.literal("drift"),
        target: driftTargetSchema,
        threshold: z.number().gt(0).max(1).optional().meta({
          description:
            "With it: fire when the share of drifted features is above it (feature must be absent or 'any')",
        }),
      })
      .refine((r) => r.threshold === undefined || (r.target.feature ?? "any") === "any", {
        path: ["threshold"],
        message: "a drift-share threshold applies to all features: leave target.feature out",
      }),
    z.strictObject({
      ...base,
      kind: z.literal("performance"),
      target: performanceTargetSchema,
      threshold: z.number().meta({ description: "The metric's limit, e.g. 0.7 for AUC below 0.70" }),
    }),
    z.strictObject({
      ...base,
      kind: z.literal("job_failure"),
      target: jobFailureTargetSchema,
      threshold: z.number().int().min(1).max(100).optional().meta({
        description: "Consecutive failed runs before it fires; default 3",
      }),
    }),
  ])
  .meta({ id: "AlertRuleInput" });

export type AlertRuleInput = z.output<typeof alertRuleInputSchema>;

/** A patch: any field of the rule but its kind; the merged rule is validated as a whole. */
export const alertRulePatchSchema = z
  .strictObject({
    name: base.name.optional(),
    target: z.record(z.string(), z.unknown()).optional().meta({ description: "The whole new target" }),
    threshold: z.number().nullable().optional().meta({ description: "null restores the default" }),
    for: base.for,
    repeatInterval: base.repeatInterval,
    webhooks: base.webhooks,
    enabled: base.enabled,
  })
  .meta({ id: "AlertRulePatch" });

/** The target of any kind, as stored and published. */
export const alertTargetSchema = z
  .object({
    experiment: z.string().optional(),
    metric: z.string().optional(),
    model: z.string().optional(),
    version: z.string().optional(),
    feature: z.string().optional(),
    k: z.number().int().optional(),
    direction: z.enum(["below", "above"]).optional(),
    job: z.string().optional(),
  })
  .meta({ id: "AlertTarget" });
export type AlertTarget = z.output<typeof alertTargetSchema>;

export const alertRuleSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(ALERT_RULE_KINDS),
    target: alertTargetSchema,
    threshold: z
      .number()
      .nullable()
      .meta({ description: "The effective threshold (defaults applied); null where none applies" }),
    for: z.string(),
    repeatInterval: z.string(),
    webhooks: z.array(z.string()),
    enabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "AlertRule" });
export type AlertRuleView = z.output<typeof alertRuleSchema>;

export const alertRulesListSchema = z.object({ rules: z.array(alertRuleSchema) });

export const alertSchema = z
  .object({
    id: z.number().int(),
    rule: z.object({
      id: z.number().int(),
      name: z.string(),
      kind: z.enum(ALERT_RULE_KINDS),
      enabled: z.boolean(),
    }),
    instance: z.string().meta({
      description: "What this alert is about within the rule's target",
      example: "experiment:checkout",
    }),
    subject: alertTargetSchema.meta({
      description: "The experiment, model (version, feature, metric) or job",
    }),
    state: z.enum(ALERT_STATES),
    value: z.number().nullable().meta({ description: "The observed value at the last evaluation" }),
    threshold: z.number().nullable(),
    pendingSince: z.string().nullable(),
    startsAt: z.string().nullable().meta({ description: "When it last started firing" }),
    endsAt: z.string().nullable().meta({ description: "When it last resolved" }),
    lastNotifiedAt: z.string().nullable(),
    evaluatedAt: z.string(),
    url: z.string().meta({ description: "Dashboard path of the experiment, model or jobs page" }),
  })
  .meta({ id: "Alert" });
export type AlertView = z.output<typeof alertSchema>;

export const alertsQuerySchema = z.object({
  state: z.enum(ALERT_STATES).optional().meta({ description: "Only alerts in this state" }),
});
export const alertsListSchema = z.object({ alerts: z.array(alertSchema) });

export const alertTransitionSchema = z
  .object({
    id: z.number().int(),
    alertId: z.number().int(),
    rule: z.object({ id: z.number().int(), name: z.string(), kind: z.enum(ALERT_RULE_KINDS) }),
    instance: z.string(),
    subject: alertTargetSchema,
    url: z.string().meta({ description: "Dashboard path of what the alert is about" }),
    sequence: z.number().int().meta({ description: "1, 2, … per alert" }),
    from: z.enum(ALERT_STATES),
    to: z.enum(ALERT_STATES),
    at: z.string(),
    value: z.number().nullable(),
    notification: z.enum(ALERT_NOTIFICATIONS).nullable().meta({
      description: "The message this transition sent to the rule's webhooks (a repeat is firing → firing)",
    }),
    dedupeKey: z.string(),
  })
  .meta({ id: "AlertTransition" });
export type AlertTransitionView = z.output<typeof alertTransitionSchema>;

export const alertHistoryQuerySchema = z.object({
  rule: z
    .string()
    .regex(/^\d+$/, "must be a rule id")
    .optional()
    .meta({ description: "Only this rule's transitions" }),
  limit: z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .optional()
    .meta({ description: "At most this many, newest first; default 100, max 500" }),
});
export const alertHistorySchema = z.object({ transitions: z.array(alertTransitionSchema) });
export const alertRuleIdParams = z.object({ id: z.string().meta({ description: "Alert rule id" }) });

/** The dashboard page an alert is about: the experiment, the model (version) or the jobs page. */
export function alertPath(subject: AlertTarget): string {
  const enc = encodeURIComponent;
  if (subject.experiment) return `/experiments/${enc(subject.experiment)}`;
  if (subject.model && subject.version)
    return `/models/${enc(subject.model)}/versions/${enc(subject.version)}`;
  if (subject.model) return `/models/${enc(subject.model)}`;
  return "/jobs";
}

/** The threshold a rule applies: its own, or its kind's default. */
export function effectiveThreshold(kind: AlertRuleKind, threshold: number | null): number | null {
  if (threshold !== null) return threshold;
  if (kind === "srm") return DEFAULT_SRM_THRESHOLD;
  if (kind === "job_failure") return DEFAULT_JOB_FAILURES;
  return null;
}

/** How a webhook message names an alert's subject: its type, key and a one-line label. */
export function alertSubjectLabel(subject: AlertTarget): {
  type: "experiment" | "model" | "job";
  key: string;
  label: string;
} {
  if (subject.experiment) {
    return {
      type: "experiment",
      key: subject.experiment,
      label: subject.metric ? `${subject.experiment} · ${subject.metric}` : subject.experiment,
    };
  }
  if (subject.model) {
    const parts = [subject.version ? `${subject.model} ${subject.version}` : subject.model];
    if (subject.metric) parts.push(subject.metric);
    if (subject.feature && subject.feature !== "any") parts.push(subject.feature);
    return { type: "model", key: subject.model, label: parts.join(" · ") };
  }
  return { type: "job", key: subject.job ?? "", label: subject.job ?? "" };
}
