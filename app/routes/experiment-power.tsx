import { Form, Link } from "react-router";
import { FormField, inputClass } from "#app/components/form-field";
import { page } from "#app/pages/page.server";
import { powerPage } from "#app/pages/power-plan";
import { formatCount, formatLevel } from "#app/ui/format";
import { usePermissions } from "#app/auth/use-permission";
import type { Route } from "./+types/experiment-power";

// A GET form: the plan is in the URL, so it can be shared and is rendered on the server.
export const loader = page("experiment-power", ({ request }: Route.LoaderArgs) =>
  powerPage(new URL(request.url).searchParams),
);

export const meta: Route.MetaFunction = () => [{ title: "Power calculator · Northstar" }];

// Defaults as in app/pages/power-plan.ts: an empty field takes its default there too.
const NUMBER_FIELDS = [
  {
    name: "baselineRate",
    label: "Baseline rate (%)",
    hint: "Proportion metrics: the control's conversion rate",
    fallback: 10,
    mode: "decimal",
  },
  { name: "mean", label: "Baseline mean", hint: "Mean metrics", fallback: 1, mode: "decimal" },
  {
    name: "standardDeviation",
    label: "Standard deviation",
    hint: "Mean metrics: per unit",
    fallback: 1,
    mode: "decimal",
  },
  {
    name: "mde",
    label: "Minimum detectable effect (%)",
    hint: "Relative change of the baseline",
    fallback: 5,
    mode: "decimal",
  },
  { name: "alpha", label: "Significance level α", hint: undefined, fallback: 0.05, mode: "decimal" },
  {
    name: "power",
    label: "Power",
    hint: "Chance to detect the effect if it is real",
    fallback: 0.8,
    mode: "decimal",
  },
  {
    name: "variants",
    label: "Number of variants",
    hint: "Including the control",
    fallback: 2,
    mode: "numeric",
  },
  {
    name: "dailyUnits",
    label: "Units per day",
    hint: "Entering the experiment, all variants together",
    fallback: 1000,
    mode: "numeric",
  },
] as const;

const numberFormat = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 });

export default function PowerCalculator({ loaderData }: Route.ComponentProps) {
  const { input, values, plan, errors, problem } = loaderData;
  const mayCreate = usePermissions().mayRead("experiment-new");
  const value = (name: string, fallback: string | number) => values[name] ?? String(fallback);
  const proportion = (values.metricType ?? "proportion") === "proportion";
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link to="/experiments">Experiments</Link> <span className="text-slate-400">/</span> power calculator
      </nav>
      <h1>Power calculator</h1>
      <p className="mt-1 max-w-3xl text-sm text-slate-600">
        How many units each variant needs to detect a given change, and how many days your traffic takes to
        collect them (two-sided test, equal split; with more than one treatment, α is split over the
        comparisons with the control).
      </p>
      <div className="mt-4 grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Form
          method="get"
          className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2"
        >
          <FormField id="metricType" label="Metric type" error={errors.metricType}>
            {(p) => (
              <select
                {...p}
                name="metricType"
                defaultValue={value("metricType", "proportion")}
                className={inputClass}
              >
                <option value="proportion">Proportion (conversion rate)</option>
                <option value="mean">Mean (per-unit value)</option>
              </select>
            )}
          </FormField>
          {NUMBER_FIELDS.map((f) => (
            <FormField key={f.name} id={f.name} label={f.label} hint={f.hint} error={errors[f.name]}>
              {(p) => (
                <input
                  {...p}
                  name={f.name}
                  inputMode={f.mode}
                  defaultValue={value(f.name, f.fallback)}
                  className={inputClass}
                />
              )}
            </FormField>
          ))}
          <div className="flex items-end sm:col-span-2">
            <button type="submit" className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white">
              Calculate
            </button>
          </div>
        </Form>
        <section
          aria-labelledby="plan-heading"
          aria-live="polite"
          className="rounded-lg border border-slate-200 bg-white p-4"
        >
          <h2 id="plan-heading">Plan</h2>
          {input === null ? (
            <p className="mt-2 text-sm">Fix the fields marked beside them to see a plan.</p>
          ) : plan === null ? (
            <p className="mt-2 text-sm">{problem}</p>
          ) : (
            <>
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm tabular-nums">
                <dt className="text-slate-600">Units per variant</dt>
                <dd className="text-right font-semibold" data-testid="units-per-variant">
                  {formatCount(plan.unitsPerVariant)}
                </dd>
                <dt className="text-slate-600">Units in all</dt>
                <dd className="text-right">{formatCount(plan.totalUnits)}</dd>
                <dt className="text-slate-600">Days needed</dt>
                <dd className="text-right font-semibold" data-testid="days-needed">
                  {formatCount(plan.days)}
                </dd>
              </dl>
              <p className="mt-3 text-sm text-slate-600">
                Detects a change of {numberFormat.format(input.mde)}% (
                {proportion
                  ? `${numberFormat.format(plan.absoluteMde * 100)} percentage points`
                  : `${numberFormat.format(plan.absoluteMde)} in absolute terms`}
                ) with {formatLevel(input.power)} power at α = {numberFormat.format(plan.comparisonAlpha)} per
                comparison. Run whole weeks so weekdays and weekends weigh alike.
              </p>
            </>
          )}
          {mayCreate && (
            <p className="mt-4 text-sm">
              <Link to="/experiments/new">New experiment</Link>
            </p>
          )}
        </section>
      </div>
    </>
  );
}
