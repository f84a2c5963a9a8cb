/**
 * The new-experiment form's fields ⇄ the API's create body. Field names are the body's paths
 * (`variants.1.weight`, `metrics.guardrails`), so the same zod schema that checks API requests
 * checks the form, and each issue lands beside the field it names.
 */
import { formNumber as number, formText as text } from "./form-data";

export const MAX_VARIANTS = 10;

/** The create body the form describes; anything missing is left out for the schema to name. */
export function experimentInputFromForm(form: FormData): Record<string, unknown> {
  const variants = [];
  for (let i = 0; i < MAX_VARIANTS; i++) {
    const key = text(form, `variants.${i}.key`);
    const weight = number(form, `variants.${i}.weight`);
    if (key === undefined && weight === undefined) continue;
    variants.push({
      key,
      weight,
      name: text(form, `variants.${i}.name`),
      model: text(form, `variants.${i}.model`),
      modelVersion: text(form, `variants.${i}.modelVersion`),
    });
  }
  const list = (name: string) =>
    form.getAll(name).filter((v): v is string => typeof v === "string" && v !== "");
  return {
    key: text(form, "key"),
    name: text(form, "name"),
    hypothesis: text(form, "hypothesis"),
    unit: text(form, "unit"),
    variants,
    metrics: {
      primary: text(form, "metrics.primary"),
      secondary: list("metrics.secondary"),
      guardrails: list("metrics.guardrails"),
    },
    settings: {
      engine: text(form, "settings.engine"),
      alpha: number(form, "settings.alpha"),
      sequential: form.get("settings.sequential") === "on",
      correction: text(form, "settings.correction"),
      cuped: form.get("settings.cuped") === "on",
    },
  };
}
