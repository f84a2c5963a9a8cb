import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { alertRuleInputSchema, alertRuleSchema, alertRulesListSchema } from "#lib/contracts/alerts";
import { createAlertRule, listAlertRules } from "#app/services/alerts.server";
import { jobs } from "#jobs/registry";

const operations = {
  GET: operation({
    summary: "List alert rules",
    scope: "admin",
    response: alertRulesListSchema,
    handler: async ({ ctx }) => ({ rules: await listAlertRules(ctx.db) }),
  }),
  POST: operation({
    summary:
      "Create an alert rule: srm, guardrail, metric_significant, drift, performance or job_failure, each with its own target and threshold (docs/alerting.md)",
    scope: "admin",
    body: alertRuleInputSchema,
    response: alertRuleSchema,
    status: 201,
    errors: ["CONFLICT"],
    handler: ({ ctx, body }) =>
      createAlertRule(
        ctx.db,
        body,
        jobs.map((j) => j.name),
        ctx.now(),
      ),
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
