/**
 * The demo's alert rules, so a newcomer sees alerts fire on the demo's own troubles: the sample
 * ratio mismatch of the onboarding test, the drifting job-ranker v1, the stopped test's clear
 * loser; and a guardrail rule on the ranker test that stays quiet. They notify every webhook that
 * exists when they are seeded: the server seeds them after the demo inbox webhook.
 */
import type { DbHandle } from "#db/client";
import { listWebhooks } from "#db/queries/webhooks";
import type { AlertRuleInput } from "#lib/contracts/alerts";
import { createAlertRule } from "./alerts.server";
import { DEMO_EXPERIMENT } from "./demo-experiments.server";

export async function seedDemoAlertRules(db: DbHandle, now: Date): Promise<void> {
  const webhooks = (await listWebhooks(db)).filter((w) => w.enabled).map((w) => w.id);
  const rules: AlertRuleInput[] = [
    { name: "Sample ratio mismatch", kind: "srm", target: {}, webhooks },
    {
      name: "Job ranker drift",
      kind: "drift",
      target: { model: "job-ranker", feature: "any" },
      webhooks,
      repeatInterval: "1d",
    },
    {
      name: "Job ranker AUC below 0.70",
      kind: "performance",
      target: { model: "job-ranker", metric: "auc", direction: "below" },
      threshold: 0.7,
      for: "2h",
      webhooks,
    },
    {
      name: "Ranker test guardrails",
      kind: "guardrail",
      target: { experiment: DEMO_EXPERIMENT },
      webhooks,
    },
    {
      name: "Salary-first applies moved",
      kind: "metric_significant",
      target: { experiment: "salary-first-alerts", metric: "alert-applied" },
      webhooks,
    },
  ];
  // No job_failure rule: which jobs exist is the job registry's to say, above this layer.
  for (const rule of rules) await createAlertRule(db, rule, [], now);
}
