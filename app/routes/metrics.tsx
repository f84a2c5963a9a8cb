import { useEffect, useRef } from "react";
import { data, useFetcher } from "react-router";
import { FormField, inputClass } from "#app/components/form-field";
import { page } from "#app/pages/page.server";
import { TableHead } from "#app/components/table-head";
import type { Route } from "./+types/metrics";
import { usePermissions } from "#app/auth/use-permission";
import { createMetricFromForm, metricsPage } from "./metrics.server";

export const loader = page("metrics", (_: Route.LoaderArgs, ctx) => metricsPage(ctx));

export const action = page("metrics", async ({ request }: Route.ActionArgs, ctx) => {
  const result = await createMetricFromForm(ctx, await request.formData());
  return "created" in result ? result : data(result, { status: 400 });
});

function DefineMetric() {
  const fetcher = useFetcher<typeof action>();
  const form = useRef<HTMLFormElement>(null);
  const result = fetcher.data;
  const errors: Record<string, string> = result && "errors" in result ? result.errors : {};
  const created = result && "created" in result ? result.created : null;
  useEffect(() => {
    if (created) form.current?.reset();
  }, [created]);
  return (
    <section aria-labelledby="define-metric" className="mt-8 max-w-3xl">
      <h2 id="define-metric">Define a metric</h2>
      <fetcher.Form
        ref={form}
        method="post"
        noValidate
        className="mt-2 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3"
      >
        <FormField id="metric-key" label="Key" error={errors.key}>
          {(p) => <input {...p} name="key" className={inputClass} />}
        </FormField>
        <FormField id="metric-name" label="Name" error={errors.name}>
          {(p) => <input {...p} name="name" className={inputClass} />}
        </FormField>
        <FormField id="metric-type" label="Type" error={errors.type}>
          {(p) => (
            <select {...p} name="type" defaultValue="proportion" className={inputClass}>
              <option value="proportion">Proportion (share of units with the event)</option>
              <option value="mean">Mean (per-unit sum of event values)</option>
              <option value="ratio">Ratio (Σ numerator ÷ Σ denominator)</option>
            </select>
          )}
        </FormField>
        <FormField id="metric-event" label="Event" hint="Proportion and mean metrics" error={errors.event}>
          {(p) => <input {...p} name="event" className={inputClass} />}
        </FormField>
        <FormField
          id="metric-numerator"
          label="Numerator event"
          hint="Ratio metrics"
          error={errors.numerator}
        >
          {(p) => <input {...p} name="numerator" className={inputClass} />}
        </FormField>
        <FormField
          id="metric-denominator"
          label="Denominator event"
          hint="Ratio metrics"
          error={errors.denominator}
        >
          {(p) => <input {...p} name="denominator" className={inputClass} />}
        </FormField>
        <FormField id="metric-direction" label="Direction" error={errors.higherIsBetter}>
          {(p) => (
            <select {...p} name="higherIsBetter" defaultValue="true" className={inputClass}>
              <option value="true">Higher is better</option>
              <option value="false">Lower is better</option>
            </select>
          )}
        </FormField>
        <FormField
          id="metric-window"
          label="Window (hours)"
          hint="Count events this long after assignment; empty: all"
          error={errors.windowHours}
        >
          {(p) => <input {...p} name="windowHours" inputMode="numeric" className={inputClass} />}
        </FormField>
        <FormField
          id="metric-capping"
          label="Capping"
          hint="Mean metrics: clip each unit's value (winsorise)"
          error={errors.capping ?? errors["capping.type"]}
        >
          {(p) => (
            <select {...p} name="cappingType" defaultValue="none" className={inputClass}>
              <option value="none">No cap</option>
              <option value="percentile">Percentile of all units (per run)</option>
              <option value="absolute">Absolute value</option>
            </select>
          )}
        </FormField>
        <FormField
          id="metric-capping-value"
          label="Cap value"
          hint="Percentile as a fraction (0.99 = p99), or the absolute cap"
          error={errors["capping.value"]}
        >
          {(p) => <input {...p} name="cappingValue" inputMode="decimal" className={inputClass} />}
        </FormField>
        <FormField
          id="metric-capping-zeros"
          label="Zeros in the percentile"
          error={errors["capping.ignoreZeros"]}
        >
          {(p) => (
            <select {...p} name="cappingIgnoreZeros" defaultValue="false" className={inputClass}>
              <option value="false">Count units with 0</option>
              <option value="true">Ignore units with 0</option>
            </select>
          )}
        </FormField>
        <FormField id="metric-description" label="Description" error={errors.description}>
          {(p) => <input {...p} name="description" className={inputClass} />}
        </FormField>
        <div className="flex items-center gap-3 sm:col-span-3">
          <button
            type="submit"
            disabled={fetcher.state !== "idle"}
            className="rounded-md bg-accent px-4 py-2 text-sm font-medium text-white hover:opacity-90 disabled:opacity-60"
          >
            Define metric
          </button>
          <span aria-live="polite" className="text-sm text-slate-600">
            {created && `Metric “${created}” defined.`}
          </span>
        </div>
      </fetcher.Form>
    </section>
  );
}

export const meta: Route.MetaFunction = () => [{ title: "Metrics · Northstar" }];

export default function Metrics({ loaderData }: Route.ComponentProps) {
  const { metrics } = loaderData;
  const mayDefine = usePermissions().mayWrite("metrics");
  return (
    <>
      <h1>Metrics</h1>
      <p className="mt-1 text-sm text-slate-500">
        The metric library experiments pick their primary, secondary and guardrail metrics from. Define new
        ones below or with <code>POST /api/v1/metrics</code>.
      </p>
      <table className="mt-4 w-full rounded-lg border border-slate-200 bg-white text-sm">
        <TableHead columns={["Metric", "Type", "Events", "Direction", "Window", "Capping"]} />
        <tbody>
          {metrics.map((m) => (
            <tr key={m.key} className="border-b border-slate-100 last:border-b-0">
              <td className="px-4 py-2">
                <div className="font-medium">{m.name}</div>
                <div className="text-xs text-slate-500">{m.key}</div>
              </td>
              <td className="px-4 py-2">{m.type}</td>
              <td className="px-4 py-2 font-mono text-xs">{m.definition}</td>
              <td className="px-4 py-2">{m.higherIsBetter ? "higher is better" : "lower is better"}</td>
              <td className="px-4 py-2">
                {m.windowHours ? `${m.windowHours} h after assignment` : "whole experiment"}
              </td>
              <td className="px-4 py-2">{m.capping}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {mayDefine && <DefineMetric />}
    </>
  );
}
