/**
 * The model page's drift settings form, read into a DriftConfig candidate for the API's schema to
 * check. Settings the form does not show (bins, kinds, epsilons) are kept from the current config.
 */
import type { DriftConfigDocument } from "#lib/contracts/models";
import { DRIFT_METHODS } from "#lib/vocabulary";
import { formNumber, formText } from "./form-data";

/** The select's value for "let the engine choose". */
export const AUTOMATIC = "auto";

export function driftConfigFromForm(
  form: FormData,
  current: DriftConfigDocument | null,
): Record<string, unknown> {
  const { method: _method, thresholds: _thresholds, features: currentFeatures, ...kept } = current ?? {};
  const method = formText(form, "method");
  const thresholds = Object.fromEntries(
    DRIFT_METHODS.map((m) => [m, formNumber(form, `thresholds.${m}`)]).filter(([, v]) => v !== undefined),
  );
  const features: Record<string, Record<string, unknown>> = {};
  for (const name of form.getAll("feature")) {
    if (typeof name !== "string") continue;
    const { method: _m, threshold: _t, ...other } = currentFeatures?.[name] ?? {};
    const featureMethod = formText(form, `features.${name}.method`);
    const threshold = formNumber(form, `features.${name}.threshold`);
    const override = {
      ...other,
      ...(featureMethod && featureMethod !== AUTOMATIC ? { method: featureMethod } : {}),
      ...(threshold !== undefined ? { threshold } : {}),
    };
    if (Object.keys(override).length > 0) features[name] = override;
  }
  // Overrides of features the form did not list (not seen in the range) stay as they are.
  for (const [name, override] of Object.entries(currentFeatures ?? {})) {
    if (!form.getAll("feature").includes(name)) features[name] = override;
  }
  return {
    ...kept,
    ...(method && method !== AUTOMATIC ? { method } : {}),
    ...(Object.keys(thresholds).length > 0 ? { thresholds } : {}),
    ...(Object.keys(features).length > 0 ? { features } : {}),
  };
}
