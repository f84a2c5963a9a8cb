/** The alert rule form: kind first, then the target fields and threshold that kind takes. */
import { useState } from "react";
import { Form, Link, useNavigation } from "react-router";
import { FormField, inputClass } from "#app/components/form-field";
import { TARGET_FIELDS } from "#app/pages/alert-rule-form";
import { KIND_LABEL } from "#app/pages/alert-view";
import type { AlertsPageData } from "#app/routes/alerts.server";
import { ALERT_RULE_KINDS, type AlertRuleKind } from "#lib/vocabulary";

const THRESHOLD_HINT: Record<AlertRuleKind, string | null> = {
  srm: "SRM p-value below which it fires; blank = 0.001",
  guardrail: null,
  metric_significant: null,
  drift: "Share of features drifted (0–1) above which it fires; blank = any drifted feature",
  performance: "The metric's limit, e.g. 0.7",
  job_failure: "Failed runs in a row; blank = 3",
};

export function RuleForm({ form, errors }: { form: AlertsPageData["form"]; errors: Record<string, string> }) {
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
  form: AlertsPageData["form"];
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
