/**
 * The alert-rule form's fields ⇄ the API's create body. Field names are the body's paths
 * (`target.experiment`, `threshold`), so the schema's issues land beside their fields. Only the
 * target fields of the chosen kind are read: the others may still hold what was typed earlier.
 */
import type { AlertRuleView } from "#lib/contracts/alerts";
import type { AlertRuleKind } from "#lib/vocabulary";
import { formNumber as number, formText as text } from "./form-data";

/** The target fields each kind's form shows, in order. */
export const TARGET_FIELDS: Record<AlertRuleKind, ReadonlyArray<string>> = {
  srm: ["experiment"],
  guardrail: ["experiment", "metric"],
  metric_significant: ["experiment", "metric"],
  drift: ["model", "version", "feature"],
  performance: ["model", "version", "metric", "k", "direction"],
  job_failure: ["job"],
};

export function alertRuleInputFromForm(form: FormData): Record<string, unknown> {
  const kind = text(form, "kind");
  const fields = kind && kind in TARGET_FIELDS ? TARGET_FIELDS[kind as AlertRuleKind] : [];
  const target: Record<string, unknown> = {};
  for (const field of fields) {
    const value = field === "k" ? number(form, "target.k") : text(form, `target.${field}`);
    if (value !== undefined) target[field] = value;
  }
  const threshold = number(form, "threshold");
  return {
    name: text(form, "name"),
    kind,
    target,
    // Kinds without a threshold refuse the field, even empty: only a typed one is sent.
    ...(threshold !== undefined ? { threshold } : {}),
    for: text(form, "for"),
    repeatInterval: text(form, "repeatInterval"),
    webhooks: form.getAll("webhooks").filter((v): v is string => typeof v === "string" && v !== ""),
    enabled: form.get("enabled") === "on",
  };
}

/** A stored rule as the form's initial values (the edit form). */
export function formValuesOf(rule: AlertRuleView): Record<string, string> {
  const values: Record<string, string> = {
    name: rule.name,
    kind: rule.kind,
    for: rule.for,
    repeatInterval: rule.repeatInterval,
  };
  if (rule.threshold !== null) values.threshold = String(rule.threshold);
  for (const [field, value] of Object.entries(rule.target)) {
    if (value !== undefined) values[`target.${field}`] = String(value);
  }
  return values;
}
