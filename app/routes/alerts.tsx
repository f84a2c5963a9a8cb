import { useState } from "react";
import { Form, Link, data, redirect, useFetcher, useNavigation } from "react-router";
import { usePermissions } from "#app/auth/use-permission";
import { AlertStateBadge } from "#app/components/alert-state-badge";
import { ConfirmAction } from "#app/components/confirm-action";
import { FormField, inputClass } from "#app/components/form-field";
import { TableHead } from "#app/components/table-head";
import { TARGET_FIELDS } from "#app/pages/alert-rule-form";
import { KIND_LABEL } from "#app/pages/alert-view";
import { page } from "#app/pages/page.server";
import { formatDateTime } from "#app/ui/format";
import { ALERT_RULE_KINDS, type AlertRuleKind } from "#lib/vocabulary";
import type { Route } from "./+types/alerts";
import { alertsAction, alertsPage, editedRuleId } from "./alerts.server";

export const loader = page("alerts", ({ request }: Route.LoaderArgs, ctx) =>
  alertsPage(ctx, editedRuleId(new URL(request.url))),
);

export const action = page("alerts", async ({ request }: Route.ActionArgs, ctx) => {
  const result = await alertsAction(ctx, await request.formData());
  if ("done" in result) throw redirect("/alerts");
  return data(result, { status: 400 });
});

export const meta: Route.MetaFunction = () => [{ title: "Alerts · Northstar" }];

type LoaderData = Route.ComponentProps["loaderData"];
const cell = "px-4 py-2 align-top";

export default function Alerts({ loaderData, actionData }: Route.ComponentProps) {
  const { open, rules, history, form } = loaderData;
  const firing = open.filter((a) => a.state === "firing").length;
  const enabled = rules.filter((r) => r.enabled).length;
  const { mayRead, mayWrite } = usePermissions();
  const mayEdit = mayWrite("alerts");
  return (
    <>
      <h1>Alerts</h1>
      <p className="mt-1 text-sm text-slate-500">
        {firing} firing · {open.length - firing} pending · {rules.length} rules ({enabled} enabled). Rules are
        evaluated after each job run that touches their target (<Link to="/jobs">jobs</Link>); they notify{" "}
        {mayRead("alerts-webhooks") ? <Link to="/alerts/webhooks">webhooks</Link> : "webhooks"}.
      </p>

      <section className="mt-6" aria-labelledby="open-alerts">
        <h2 id="open-alerts" className="mb-2">
          Open alerts
        </h2>
        {open.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">
            <span aria-hidden="true">✓ </span>Nothing is firing or pending.
          </p>
        ) : (
          <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Open alerts</caption>
            <TableHead columns={["State", "Rule", "About", "Value", "Since"]} />
            <tbody>
              {open.map((a) => (
                <tr key={a.id} className="border-b border-slate-100 last:border-b-0">
                  <td className={cell}>
                    <AlertStateBadge state={a.state} />
                  </td>
                  <td className={cell}>
                    {a.rule} <span className="text-xs text-slate-500">({a.kind})</span>
                  </td>
                  <td className={cell}>
                    <Link to={a.url}>{a.subject}</Link>
                  </td>
                  <td className={`${cell} tabular-nums`}>{a.value}</td>
                  <td className={`${cell} whitespace-nowrap`}>{formatDateTime(a.since)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="mt-8" aria-labelledby="alert-rules">
        <h2 id="alert-rules" className="mb-2">
          Rules
        </h2>
        {rules.length === 0 ? (
          <p className="text-sm text-slate-600">
            No rules yet: add one below or with POST /api/v1/alert-rules.
          </p>
        ) : (
          <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Alert rules</caption>
            <TableHead columns={["Rule", "Watches", "Notifies", "Status", ...(mayEdit ? ["Actions"] : [])]} />
            <tbody>
              {rules.map((r) => (
                <RuleRow key={r.id} rule={r} mayEdit={mayEdit} />
              ))}
            </tbody>
          </table>
        )}
      </section>

      {mayEdit && <RuleForm key={form.editing?.id ?? "new"} form={form} errors={actionData?.errors ?? {}} />}

      <section className="mt-8" aria-labelledby="alert-history">
        <h2 id="alert-history" className="mb-2">
          History
        </h2>
        {history.length === 0 ? (
          <p className="text-sm text-slate-600">No transitions yet.</p>
        ) : (
          <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Alert transitions, newest first</caption>
            <TableHead columns={["When", "Rule", "About", "Change", "Value", "Message"]} />
            <tbody>
              {history.map((t) => (
                <tr key={t.id} className="border-b border-slate-100 last:border-b-0">
                  <td className={`${cell} whitespace-nowrap`}>{formatDateTime(t.at)}</td>
                  <td className={cell}>{t.rule}</td>
                  <td className={cell}>
                    <Link to={t.url}>{t.subject}</Link>
                  </td>
                  <td className={cell}>
                    <span className="inline-flex items-center gap-1">
                      <AlertStateBadge state={t.from} />
                      <span aria-hidden="true">→</span>
                      <span className="sr-only">to</span>
                      <AlertStateBadge state={t.to} />
                    </span>
                  </td>
                  <td className={`${cell} tabular-nums`}>{t.value}</td>
                  <td className={cell}>{t.notification ? `${t.notification} sent` : "none"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function RuleRow({ rule, mayEdit }: { rule: LoaderData["rules"][number]; mayEdit: boolean }) {
  const toggle = useFetcher();
  return (
    <tr className="border-b border-slate-100 last:border-b-0">
      <td className={cell}>
        <span className="font-medium">{rule.name}</span>
        <br />
        <span className="text-xs text-slate-500">{rule.kind}</span>
      </td>
      <td className={cell}>
        {rule.description}
        <br />
        <span className="text-xs text-slate-500">{rule.timing}</span>
      </td>
      <td className={cell}>{rule.webhooks.length === 0 ? "no webhook" : rule.webhooks.join(", ")}</td>
      <td className={cell}>
        {rule.enabled ? (
          <span>
            <span aria-hidden="true">● </span>enabled
          </span>
        ) : (
          <span className="text-slate-500">
            <span aria-hidden="true">○ </span>disabled
          </span>
        )}
      </td>
      {mayEdit && (
        <td className={`${cell} whitespace-nowrap`}>
          <div className="flex items-center gap-2">
            <Link to={`/alerts?edit=${rule.id}#rule-form`} aria-label={`Edit ${rule.name}`}>
              Edit
            </Link>
            <toggle.Form method="post">
              <input type="hidden" name="intent" value="toggle" />
              <input type="hidden" name="id" value={rule.id} />
              <input type="hidden" name="enabled" value={rule.enabled ? "false" : "true"} />
              <button
                type="submit"
                className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-50"
                aria-label={`${rule.enabled ? "Disable" : "Enable"} ${rule.name}`}
              >
                {rule.enabled ? "Disable" : "Enable"}
              </button>
            </toggle.Form>
            <ConfirmAction
              label="Delete"
              title={`Delete the rule "${rule.name}"?`}
              description="Its alerts and their history go with it; no resolved message is sent."
              intent="delete"
              fields={{ id: String(rule.id) }}
              confirmLabel="Delete rule"
            />
          </div>
        </td>
      )}
    </tr>
  );
}

const THRESHOLD_HINT: Record<AlertRuleKind, string | null> = {
  srm: "SRM p-value below which it fires; blank = 0.001",
  guardrail: null,
  metric_significant: null,
  drift: "Share of features drifted (0–1) above which it fires; blank = any drifted feature",
  performance: "The metric's limit, e.g. 0.7",
  job_failure: "Failed runs in a row; blank = 3",
};

function RuleForm({ form, errors }: { form: LoaderData["form"]; errors: Record<string, string> }) {
  const { values, editing } = form;
  const [kind, setKind] = useState<AlertRuleKind>((values.kind as AlertRuleKind | undefined) ?? "srm");
  const submitting = useNavigation().state === "submitting";
  const errorCount = Object.keys(errors).length;
  const fields = TARGET_FIELDS[kind];
  const thresholdHint = THRESHOLD_HINT[kind];
  const chosenWebhooks = new Set(editing?.webhooks ?? []);
  return (
    <section className="mt-8" aria-labelledby="rule-form">
      <h2 id="rule-form" className="mb-2">
        {editing ? `Edit rule "${editing.name}"` : "New rule"}
      </h2>
      {errorCount > 0 && (
        <p role="alert" className="mb-3 rounded-md border border-orange-300 bg-orange-50 px-3 py-2 text-sm">
          The rule was not saved: {errorCount === 1 ? "one field needs" : `${errorCount} fields need`}{" "}
          attention.{errors[""] ? ` ${errors[""]}` : ""}
        </p>
      )}
      <Form method="post" noValidate className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4">
        <input type="hidden" name="intent" value="save" />
        {editing && <input type="hidden" name="id" value={editing.id} />}
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="rule-name" label="Name" error={errors.name}>
            {(p) => <input {...p} name="name" defaultValue={values.name} className={inputClass} />}
          </FormField>
          <FormField
            id="rule-kind"
            label="Kind"
            error={errors.kind}
            hint={editing ? "A rule's kind cannot change" : undefined}
          >
            {(p) => (
              <select
                {...p}
                name="kind"
                value={kind}
                disabled={editing !== null}
                onChange={(e) => setKind(e.target.value as AlertRuleKind)}
                className={inputClass}
              >
                {ALERT_RULE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABEL[k]}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          {editing && <input type="hidden" name="kind" value={kind} />}
        </div>
        <fieldset className="grid gap-4 sm:grid-cols-3">
          <legend className="mb-2 text-sm font-semibold">Target</legend>
          {fields.map((field) => (
            <TargetField
              key={field}
              field={field}
              kind={kind}
              form={form}
              error={errors[`target.${field}`]}
            />
          ))}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-3">
          {thresholdHint && (
            <FormField id="rule-threshold" label="Threshold" hint={thresholdHint} error={errors.threshold}>
              {(p) => (
                <input
                  {...p}
                  name="threshold"
                  inputMode="decimal"
                  defaultValue={values.threshold}
                  className={inputClass}
                />
              )}
            </FormField>
          )}
          <FormField
            id="rule-for"
            label="For"
            hint="Hold pending this long before firing: 0s, 15m, 1h"
            error={errors.for}
          >
            {(p) => <input {...p} name="for" defaultValue={values.for ?? "0s"} className={inputClass} />}
          </FormField>
          <FormField
            id="rule-repeat"
            label="Repeat interval"
            hint="Notify again while firing: 4h, 1d"
            error={errors.repeatInterval}
          >
            {(p) => (
              <input
                {...p}
                name="repeatInterval"
                defaultValue={values.repeatInterval ?? "4h"}
                className={inputClass}
              />
            )}
          </FormField>
        </div>
        <fieldset>
          <legend className="mb-1 text-sm font-semibold">Webhooks to notify</legend>
          {form.webhooks.length === 0 ? (
            <p className="text-sm text-slate-600">No webhooks yet: the rule's alerts show here only.</p>
          ) : (
            <ul className="grid gap-1 text-sm">
              {form.webhooks.map((w) => (
                <li key={w.id}>
                  <label className="inline-flex items-center gap-2">
                    <input
                      type="checkbox"
                      name="webhooks"
                      value={w.id}
                      defaultChecked={chosenWebhooks.has(w.id)}
                    />
                    {w.label}
                    {w.label !== w.url && <span className="text-xs text-slate-500">{w.url}</span>}
                    {!w.enabled && <span className="text-xs text-slate-500">(disabled)</span>}
                  </label>
                </li>
              ))}
            </ul>
          )}
          {errors.webhooks && <p className="text-xs font-medium text-worse">{errors.webhooks}</p>}
        </fieldset>
        <label className="inline-flex items-center gap-2 text-sm">
          <input type="checkbox" name="enabled" defaultChecked={editing ? editing.enabled : true} />
          Enabled
        </label>
        <div className="flex items-center gap-3">
          <button
            type="submit"
            disabled={submitting}
            className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
          >
            {editing ? "Save rule" : "Create rule"}
          </button>
          {editing && <Link to="/alerts">Cancel</Link>}
        </div>
      </Form>
    </section>
  );
}

function TargetField({
  field,
  kind,
  form,
  error,
}: {
  field: string;
  kind: AlertRuleKind;
  form: LoaderData["form"];
  error?: string;
}) {
  const id = `rule-target-${field}`;
  const name = `target.${field}`;
  const value = form.values[name];
  switch (field) {
    case "experiment":
      return (
        <FormField id={id} label="Experiment" error={error}>
          {(p) => (
            <select {...p} name={name} defaultValue={value ?? ""} className={inputClass}>
              <option value="">{kind === "srm" ? "Every running experiment" : "Choose an experiment"}</option>
              {form.experiments.map((e) => (
                <option key={e.key} value={e.key}>
                  {e.key} ({e.status})
                </option>
              ))}
            </select>
          )}
        </FormField>
      );
    case "model":
      return (
        <FormField id={id} label="Model" error={error}>
          {(p) => (
            <select {...p} name={name} defaultValue={value ?? ""} className={inputClass}>
              <option value="">Choose a model</option>
              {form.models.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          )}
        </FormField>
      );
    case "job":
      return (
        <FormField id={id} label="Job" error={error}>
          {(p) => (
            <select {...p} name={name} defaultValue={value ?? ""} className={inputClass}>
              <option value="">Choose a job</option>
              {form.jobs.map((j) => (
                <option key={j} value={j}>
                  {j}
                </option>
              ))}
            </select>
          )}
        </FormField>
      );
    case "direction":
      return (
        <FormField id={id} label="Fires when the metric is" error={error}>
          {(p) => (
            <select {...p} name={name} defaultValue={value ?? "below"} className={inputClass}>
              <option value="below">below the threshold</option>
              <option value="above">above the threshold</option>
            </select>
          )}
        </FormField>
      );
    default: {
      const labels: Record<string, [string, string]> = {
        metric:
          kind === "performance"
            ? ["Metric", "auc, log_loss, brier, accuracy, rmse, ndcg, …"]
            : ["Metric", kind === "guardrail" ? "Metric key; blank = any guardrail" : "Metric key"],
        version: ["Version", "Blank = every version"],
        feature: ["Feature", "A feature, 'score', 'label', or blank for any feature"],
        k: ["k", "Cut-off of a ranking metric"],
      };
      const [label, hint] = labels[field] ?? [field, ""];
      return (
        <FormField id={id} label={label} hint={hint} error={error}>
          {(p) => <input {...p} name={name} defaultValue={value} className={inputClass} />}
        </FormField>
      );
    }
  }
}
