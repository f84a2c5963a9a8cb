import { z } from "zod";
import { operation, type Operations } from "#app/api/operation";
import { apiRoute } from "#app/api/route.server";
import { validate } from "#app/api/validate";
import {
  alertRuleIdParams,
  alertRuleInputSchema,
  alertRulePatchSchema,
  alertRuleSchema,
} from "#lib/contracts/alerts";
import {
  deleteAlertRule,
  getAlertRule,
  patchedAlertRule,
  updateAlertRule,
} from "#app/services/alerts.server";
import { jobs } from "#jobs/registry";

const ruleId = (params: { id: string }) => (/^\d+$/.test(params.id) ? Number(params.id) : Number.NaN);

const operations = {
  GET: operation({
    summary: "Get an alert rule",
    scope: "admin",
    params: alertRuleIdParams,
    response: alertRuleSchema,
    errors: ["NOT_FOUND"],
    handler: ({ ctx, params }) => getAlertRule(ctx.db, ruleId(params)),
  }),
  PATCH: operation({
    summary:
      "Change an alert rule (not its kind); the merged rule is validated as a whole. A new target starts its alerts afresh.",
    scope: "admin",
    params: alertRuleIdParams,
    body: alertRulePatchSchema,
    response: alertRuleSchema,
    errors: ["NOT_FOUND", "CONFLICT"],
    handler: async ({ ctx, params, body }) => {
      const id = ruleId(params);
      const merged = validate(alertRuleInputSchema, await patchedAlertRule(ctx.db, id, body));
      return updateAlertRule(
        ctx.db,
        id,
        merged,
        jobs.map((j) => j.name),
        ctx.now(),
      );
    },
  }),
  DELETE: operation({
    summary: "Delete an alert rule with its alerts and their history (no resolved message is sent)",
    scope: "admin",
    params: alertRuleIdParams,
    response: z.object({ id: z.number().int(), deleted: z.literal(true) }),
    errors: ["NOT_FOUND"],
    handler: async ({ ctx, params }) => {
      const id = ruleId(params);
      await deleteAlertRule(ctx.db, id);
      return { id, deleted: true };
    },
  }),
} satisfies Operations;

export const loader = apiRoute(operations);
export const action = loader;
