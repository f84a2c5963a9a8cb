/** The metric library, as the metrics page lists it, and the form that defines a new metric. */
import type { AppContext } from "#app/server/context.server";
import { createMetric, listMetrics } from "#app/services/metrics.server";
import { type FormErrors, formNumber, formText, submitForm } from "#app/pages/form-data";
import { type MetricCapping, metricCreateSchema } from "#lib/contracts/metrics";

export async function metricsPage(ctx: AppContext) {
  const metrics = await listMetrics(ctx.db);
  return {
    metrics: metrics.map((m) => ({
      key: m.key,
      name: m.name,
      description: m.description,
      type: m.type,
      definition: m.type === "ratio" ? `Σ ${m.numerator} ÷ Σ ${m.denominator}` : (m.event ?? ""),
      higherIsBetter: m.higherIsBetter,
      windowHours: m.windowHours,
      capping: cappingLabel(m.capping),
    })),
  };
}

function cappingLabel(capping: MetricCapping | null): string {
  if (!capping) return "none";
  if (capping.type === "absolute") return `at ${capping.value}`;
  const p = `p${Number((capping.value * 100).toPrecision(6))}`;
  return capping.ignoreZeros ? `${p} of non-zero values` : `${p} of all units`;
}

/** The capping fields, left out when the form says "none" so the schema names what is missing. */
function cappingFromForm(form: FormData) {
  const type = formText(form, "cappingType");
  if (!type || type === "none") return undefined;
  return {
    type,
    value: formNumber(form, "cappingValue"),
    ...(type === "percentile" ? { ignoreZeros: form.get("cappingIgnoreZeros") === "true" } : {}),
  };
}

/** Defines a metric from the page's form, or answers with a message per field. */
export async function createMetricFromForm(
  ctx: AppContext,
  form: FormData,
): Promise<{ created: string } | FormErrors> {
  const input = {
    key: formText(form, "key"),
    name: formText(form, "name"),
    description: formText(form, "description"),
    type: formText(form, "type"),
    event: formText(form, "event"),
    numerator: formText(form, "numerator"),
    denominator: formText(form, "denominator"),
    higherIsBetter: form.get("higherIsBetter") !== "false",
    windowHours: formNumber(form, "windowHours"),
    capping: cappingFromForm(form),
  };
  return submitForm(metricCreateSchema, input, async (metric) => ({
    created: (await createMetric(ctx.db, metric)).key,
  }));
}
