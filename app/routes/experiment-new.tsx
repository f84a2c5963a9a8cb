import { useState } from "react";
import { Form, Link, data, redirect, useNavigation } from "react-router";
import { FormField, inputClass } from "#app/components/form-field";
import { MAX_VARIANTS } from "#app/pages/experiment-form";
import { page } from "#app/pages/page.server";
import type { Route } from "./+types/experiment-new";
import { createFromForm, newExperimentForm } from "./experiment-new.server";

export const loader = page("experiment-new", (_: Route.LoaderArgs, ctx) => newExperimentForm(ctx));

export const action = page("experiment-new", async ({ request }: Route.ActionArgs, ctx) => {
  const result = await createFromForm(ctx, await request.formData());
  if ("created" in result) throw redirect(`/experiments/${result.created}`);
  return data(result, { status: 400 });
});

export const meta: Route.MetaFunction = () => [{ title: "New experiment · Northstar" }];

const DEFAULT_VARIANTS = ["control", "treatment"];

export default function NewExperiment({ loaderData, actionData }: Route.ComponentProps) {
  const { metrics } = loaderData;
  const errors: Record<string, string> = actionData?.errors ?? {};
  const [variantCount, setVariantCount] = useState(2);
  const submitting = useNavigation().state === "submitting";
  const errorCount = Object.keys(errors).length;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link to="/experiments">Experiments</Link> <span className="text-slate-400">/</span> new
      </nav>
      <h1>New experiment</h1>
      {errorCount > 0 && (
        <p role="alert" className="mt-3 rounded-md border border-orange-300 bg-orange-50 px-3 py-2 text-sm">
          The experiment was not created: {errorCount === 1 ? "one field needs" : `${errorCount} fields need`}{" "}
          attention.
        </p>
      )}
      <Form method="post" className="mt-4 grid max-w-3xl gap-6" noValidate>
        <section className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
          <FormField
            id="key"
            label="Key"
            hint="Lower-case letters, digits, - and _; used in the API"
            error={errors.key}
          >
            {(p) => <input {...p} name="key" required className={inputClass} />}
          </FormField>
          <FormField id="name" label="Name" error={errors.name}>
            {(p) => <input {...p} name="name" required className={inputClass} />}
          </FormField>
          <div className="sm:col-span-2">
            <FormField
              id="hypothesis"
              label="Hypothesis"
              hint="What you expect to change, and why"
              error={errors.hypothesis}
            >
              {(p) => <textarea {...p} name="hypothesis" rows={2} className={inputClass} />}
            </FormField>
          </div>
          <FormField
            id="unit"
            label="Randomisation unit"
            hint="user, session, student, …"
            error={errors.unit}
          >
            {(p) => <input {...p} name="unit" defaultValue="user" className={inputClass} />}
          </FormField>
        </section>

        <fieldset className="rounded-lg border border-slate-200 bg-white p-4">
          <legend className="px-1 text-sm font-semibold">Variants (the first is the control)</legend>
          {errors.variants && (
            <p id="variants-error" className="mb-2 text-xs font-medium text-worse">
              {errors.variants}
            </p>
          )}
          <div className="grid gap-3">
            {Array.from({ length: variantCount }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions; the index is their identity.
              <div key={i} className="grid grid-cols-5 items-end gap-2">
                <FormField
                  id={`variants.${i}.key`}
                  label={`Variant ${i + 1} key`}
                  error={errors[`variants.${i}.key`]}
                >
                  {(p) => (
                    <input
                      {...p}
                      name={`variants.${i}.key`}
                      defaultValue={DEFAULT_VARIANTS[i]}
                      className={inputClass}
                    />
                  )}
                </FormField>
                <FormField
                  id={`variants.${i}.name`}
                  label={`Variant ${i + 1} name`}
                  error={errors[`variants.${i}.name`]}
                >
                  {(p) => <input {...p} name={`variants.${i}.name`} className={inputClass} />}
                </FormField>
                <FormField
                  id={`variants.${i}.weight`}
                  label={`Variant ${i + 1} weight`}
                  error={errors[`variants.${i}.weight`]}
                >
                  {(p) => (
                    <input
                      {...p}
                      name={`variants.${i}.weight`}
                      inputMode="decimal"
                      defaultValue={i < 2 ? "0.5" : ""}
                      className={inputClass}
                    />
                  )}
                </FormField>
                <FormField
                  id={`variants.${i}.model`}
                  label={`Variant ${i + 1} model`}
                  error={errors[`variants.${i}.model`]}
                >
                  {(p) => <input {...p} name={`variants.${i}.model`} className={inputClass} />}
                </FormField>
                <FormField
                  id={`variants.${i}.modelVersion`}
                  label={`Variant ${i + 1} model version`}
                  error={errors[`variants.${i}.modelVersion`]}
                >
                  {(p) => <input {...p} name={`variants.${i}.modelVersion`} className={inputClass} />}
                </FormField>
              </div>
            ))}
          </div>
          {variantCount < MAX_VARIANTS && (
            <button
              type="button"
              onClick={() => setVariantCount((n) => n + 1)}
              className="mt-3 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
            >
              Add variant
            </button>
          )}
          <p className="mt-2 text-xs text-slate-500">
            Weights are shares of traffic and must sum to 1. A model and version (optional) tie the arm to a
            monitored model version.
          </p>
        </fieldset>

        <fieldset className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3">
          <legend className="px-1 text-sm font-semibold">Metrics</legend>
          <FormField id="metrics.primary" label="Primary metric" error={errors["metrics.primary"]}>
            {(p) => (
              <select {...p} name="metrics.primary" className={inputClass} defaultValue="">
                <option value="">Choose…</option>
                {metrics.map((m) => (
                  <option key={m.key} value={m.key}>
                    {m.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          {(["secondary", "guardrails"] as const).map((role) => (
            <fieldset key={role} className="text-sm">
              <legend className="font-medium text-slate-700">
                {role === "secondary" ? "Secondary" : "Guardrails"}
              </legend>
              {metrics.map((m) => (
                <label key={m.key} className="mt-1 flex items-center gap-2">
                  <input type="checkbox" name={`metrics.${role}`} value={m.key} />
                  {m.name}
                </label>
              ))}
              {Object.entries(errors)
                .filter(([path]) => path.startsWith(`metrics.${role}`))
                .map(([path, message]) => (
                  <p key={path} className="mt-1 text-xs font-medium text-worse">
                    {message}
                  </p>
                ))}
            </fieldset>
          ))}
          <p className="text-xs text-slate-500 sm:col-span-3">
            Missing one? Define it on the <Link to="/metrics">Metrics</Link> page.
          </p>
        </fieldset>

        <fieldset className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3">
          <legend className="px-1 text-sm font-semibold">Analysis</legend>
          <FormField id="settings.engine" label="Engine" error={errors["settings.engine"]}>
            {(p) => (
              <select {...p} name="settings.engine" defaultValue="frequentist" className={inputClass}>
                <option value="frequentist">Frequentist</option>
                <option value="bayesian">Bayesian</option>
              </select>
            )}
          </FormField>
          <FormField id="settings.alpha" label="Significance level α" error={errors["settings.alpha"]}>
            {(p) => (
              <input
                {...p}
                name="settings.alpha"
                defaultValue="0.05"
                inputMode="decimal"
                className={inputClass}
              />
            )}
          </FormField>
          <FormField
            id="settings.correction"
            label="Multiple-testing correction"
            error={errors["settings.correction"]}
          >
            {(p) => (
              <select {...p} name="settings.correction" defaultValue="none" className={inputClass}>
                <option value="none">None</option>
                <option value="holm">Holm</option>
                <option value="bh">Benjamini–Hochberg</option>
              </select>
            )}
          </FormField>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="settings.sequential" /> Sequential testing (safe to peek)
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="settings.cuped" /> CUPED variance reduction
          </label>
          <p className="text-xs text-slate-500 sm:col-span-3">
            How long will it take? Size it with the{" "}
            <Link to="/experiments/power" target="_blank">
              power calculator
            </Link>{" "}
            (opens in a new tab, so this form keeps what you typed).
          </p>
        </fieldset>

        <div>
          <button
            type="submit"
            disabled={submitting}
            className="rounded-md bg-accent px-4 py-2 text-sm font-medium text-white hover:opacity-90 disabled:opacity-60"
          >
            Create experiment
          </button>
        </div>
      </Form>
    </>
  );
}
