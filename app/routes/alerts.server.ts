/** The /alerts page: open alerts, the rules (with the create / edit form) and the transitions history. */
import type { AppContext } from "#app/server/context.server";
import {
  alertHistory,
  createAlertRule,
  deleteAlertRule,
  getAlertRule,
  listAlertRules,
  listAlerts,
  OPEN_STATES,
  patchedAlertRule,
  updateAlertRule,
  webhookChoices,
} from "#app/services/alerts.server";
import { listExperiments } from "#app/services/experiments.server";
import { listModels } from "#app/services/models.server";
import { alertRuleInputFromForm, formValuesOf } from "#app/pages/alert-rule-form";
import {
  alertRow,
  alertSubjectText,
  describeRule,
  formatAlertValue,
  KIND_LABEL,
} from "#app/pages/alert-view";
import { type FormErrors, formText, submitForm, withFieldErrors } from "#app/pages/form-data";
import { jobs } from "#jobs/registry";
import { type AlertRuleInput, alertRuleInputSchema } from "#lib/contracts/alerts";
import { invalidInput } from "#lib/errors";

const HISTORY_ROWS = 50;

/** `?edit=<id>` opens the form on that rule. */
export function editedRuleId(url: URL): number | null {
  const raw = url.searchParams.get("edit");
  return raw && /^\d+$/.test(raw) ? Number(raw) : null;
}

/** What the alerts page shows: open alerts, rules, the rule form's values and options. */
export type AlertsPageData = Awaited<ReturnType<typeof alertsPage>>;

export async function alertsPage(ctx: AppContext, editId: number | null) {
  const [rules, open, history, experiments, models, webhooks] = await Promise.all([
    listAlertRules(ctx.db),
    listAlerts(ctx.db, OPEN_STATES),
    alertHistory(ctx.db, { limit: HISTORY_ROWS }),
    listExperiments(ctx.db),
    listModels(ctx.db),
    webhookChoices(ctx.db),
  ]);
  const edited = editId !== null ? await getAlertRule(ctx.db, editId) : null;
  const webhookLabel = new Map(webhooks.map((w) => [w.id, w.label]));
  return {
    open: open.map(alertRow),
    rules: rules.map((r) => ({
      id: r.id,
      name: r.name,
      kind: KIND_LABEL[r.kind],
      description: describeRule(r),
      timing: `${r.for === "0s" ? "fires at once" : `holds ${r.for}`} · repeats every ${r.repeatInterval}`,
      webhooks: r.webhooks.map((id) => webhookLabel.get(id) ?? "a deleted webhook"),
      enabled: r.enabled,
    })),
    history: history.map((t) => ({
      id: t.id,
      at: t.at,
      rule: t.rule.name,
      subject: alertSubjectText(t.subject),
      url: t.url,
      from: t.from,
      to: t.to,
      value: formatAlertValue(t.rule.kind, t.value),
      notification: t.notification,
    })),
    form: {
      editing: edited
        ? { id: edited.id, name: edited.name, webhooks: edited.webhooks, enabled: edited.enabled }
        : null,
      values: edited ? formValuesOf(edited) : {},
      experiments: experiments.map((e) => ({ key: e.key, status: e.status })),
      models: models.map((m) => m.key),
      jobs: jobs.map((j) => j.name),
      webhooks,
    },
  };
}

type ActionResult = { done: true } | FormErrors;
const done = { done: true } as const;

function ruleIdOf(form: FormData): number {
  const raw = formText(form, "id");
  if (!raw || !/^\d+$/.test(raw)) throw invalidInput("Which rule is missing");
  return Number(raw);
}

const jobNames = () => jobs.map((j) => j.name);

/** save (create, or update with an id), toggle (enable/disable) or delete. */
export async function alertsAction(ctx: AppContext, form: FormData): Promise<ActionResult> {
  const intent = formText(form, "intent");
  if (intent === "delete") {
    await deleteAlertRule(ctx.db, ruleIdOf(form));
    return done;
  }
  if (intent === "toggle") {
    const id = ruleIdOf(form);
    const merged = await patchedAlertRule(ctx.db, id, { enabled: form.get("enabled") === "true" });
    return withFieldErrors(async () => {
      await updateAlertRule(ctx.db, id, alertRuleInputSchema.parse(merged), jobNames(), ctx.now());
      return done;
    });
  }
  if (intent !== "save") throw invalidInput(`Unknown action "${intent ?? ""}"`);
  const id = formText(form, "id");
  return submitForm(alertRuleInputSchema, alertRuleInputFromForm(form), async (input: AlertRuleInput) => {
    if (id) await updateAlertRule(ctx.db, ruleIdOf(form), input, jobNames(), ctx.now());
    else await createAlertRule(ctx.db, input, jobNames(), ctx.now());
    return done;
  });
}
