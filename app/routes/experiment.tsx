import { Suspense, lazy } from "react";
import { Link, useFetcher } from "react-router";
import { usePermissions } from "#app/auth/use-permission";
import { HealthBanner } from "#app/components/health-banner";
import { ConfirmAction } from "#app/components/confirm-action";
import { ResultsTable } from "#app/components/results-table";
import { BreakdownTable } from "#app/components/breakdown-table";
import { SendDataHelp } from "#app/components/send-data-help";
import { StatusPill } from "#app/components/status-pill";
import { VerdictBadge } from "#app/components/verdict-badge";
import type { ResultsView } from "#app/pages/experiment-view";
import { page } from "#app/pages/page.server";
import { baseUrlOf } from "#app/pages/send-data-examples";
import { formatDateTime, formatDay, formatLevel, formatLift, formatPercent } from "#app/ui/format";
import { invalidInput } from "#lib/errors";
import type { Route } from "./+types/experiment";
import { type ExperimentPageData, changeStatus, experimentPage, refreshResults } from "./experiment.server";

export const loader = page("experiment", ({ params, request }: Route.LoaderArgs, ctx) =>
  experimentPage(ctx, params.key, baseUrlOf(request), new URL(request.url).searchParams),
);

export const action = page("experiment", async ({ params, request }: Route.ActionArgs, ctx) => {
  const intent = (await request.formData()).get("intent");
  if (intent === "refresh") return refreshResults(ctx, params.key);
  if (intent === "start") return { started: await changeStatus(ctx, params.key, "start") };
  if (intent === "stop") return { stopped: await changeStatus(ctx, params.key, "stop") };
  throw invalidInput(`Unknown action "${String(intent)}"`);
});

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: loaderData ? `${loaderData.experiment.name} · Northstar` : "Experiment · Northstar" },
];

const DAY_MS = 86_400_000;

// recharts is most of this page's JavaScript and draws only in the browser: load it apart, so the
// table and buttons are interactive first. The fallback keeps the charts' fixed height.
const CumulativeLiftChart = lazy(() =>
  import("#app/components/charts/chart-line-cumulative-lift").then((m) => ({
    default: m.CumulativeLiftChart,
  })),
);
const UnitsPerDayChart = lazy(() =>
  import("#app/components/charts/chart-bar-units-per-day").then((m) => ({ default: m.UnitsPerDayChart })),
);
const chartFallback = <div className="h-[262px] rounded-lg border border-slate-200 bg-white" />;

function RefreshButton() {
  const fetcher = useFetcher<{ run: Awaited<ReturnType<typeof refreshResults>>["run"] }>();
  const busy = fetcher.state !== "idle";
  const run = fetcher.data?.run;
  return (
    <fetcher.Form method="post" className="flex items-center gap-3">
      <span className="text-xs text-slate-500" aria-live="polite">
        {busy
          ? "Computing results…"
          : run?.status === "succeeded"
            ? `Refreshed at ${formatDateTime(run.finishedAt)}`
            : run?.status === "failed"
              ? `The results job failed: ${run.error ?? "see Jobs"}`
              : run
                ? "Queued: the job worker will compute it shortly"
                : ""}
      </span>
      <button
        type="submit"
        name="intent"
        value="refresh"
        disabled={busy}
        className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white hover:opacity-90 disabled:opacity-60"
      >
        Refresh results now
      </button>
    </fetcher.Form>
  );
}

type Arm = ExperimentPageData["experiment"]["variants"][number];

function driftText(drift: Arm["drift"]) {
  if (!drift) return null;
  if (!drift.monitored) return "not monitored";
  if (drift.windowEnd === null) return "no drift check in the last 3 days";
  // Windows are UTC days ending at midnight: name the day, not the midnight after it (often tomorrow).
  const day = formatDay(new Date(new Date(drift.windowEnd).getTime() - 1).toISOString());
  return drift.drifted === 0
    ? `no feature drifted (window of ${day})`
    : `⚠ ${drift.drifted} of ${drift.features} features drifted (window of ${day})`;
}

function performanceText(below: Arm["belowThreshold"]) {
  if (below === null) return null;
  return below.length === 0 ? "performance within thresholds" : `✗ below threshold: ${below.join(", ")}`;
}

/** Arms tied to model versions, with that version's drift and performance status: the model behind each arm. */
function ModelArms({ arms }: { arms: Arm[] }) {
  const tied = arms.filter((a) => a.model && a.modelVersion);
  if (tied.length === 0) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-sm">
      {tied.map((a) => (
        <li key={a.key}>
          <span className="font-medium">{a.label}</span>: model{" "}
          <Link to={`/models/${a.model}/versions/${a.modelVersion}`}>
            {a.model} {a.modelVersion}
          </Link>{" "}
          <span className="text-slate-600">· {driftText(a.drift)}</span>
          {performanceText(a.belowThreshold) && (
            <span className="text-slate-600"> · {performanceText(a.belowThreshold)}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

type Analysis = NonNullable<ExperimentPageData["analysis"]>;
type Choice = Analysis["shown"];

const ENGINE_LABEL = { frequentist: "Frequentist", bayesian: "Bayesian" } as const;
const choiceHref = (c: Choice) => `?engine=${c.engine}&cuped=${c.cuped ? "on" : "off"}`;
const choiceText = (c: Choice) => `${ENGINE_LABEL[c.engine]}${c.cuped ? " with CUPED" : ""}`;

/** One segmented group of links: search params, so a view is shareable and works without JavaScript. */
function Segments({
  label,
  options,
  disabledReason,
}: {
  label: string;
  options: Array<{ text: string; to: Choice; current: boolean; disabled?: boolean }>;
  disabledReason: string | null;
}) {
  return (
    <nav aria-label={label} className="inline-flex overflow-hidden rounded-md border border-slate-300">
      {options.map((o) =>
        o.current || o.disabled || disabledReason ? (
          <span
            key={o.text}
            aria-current={o.current ? "true" : undefined}
            aria-disabled={o.current ? undefined : "true"}
            className={
              o.current
                ? "bg-slate-800 px-2.5 py-1 font-medium text-white"
                : "cursor-not-allowed px-2.5 py-1 text-slate-500"
            }
          >
            {o.text}
          </span>
        ) : (
          <Link
            key={o.text}
            to={choiceHref(o.to)}
            preventScrollReset
            className="px-2.5 py-1 text-slate-700 no-underline hover:bg-slate-100"
          >
            {o.text}
          </Link>
        ),
      )}
    </nav>
  );
}

/** Frequentist ⇄ Bayesian and CUPED on ⇄ off, re-analysed by the loader from the snapshot's stored sums. */
function AnalysisSwitch({ analysis }: { analysis: Analysis }) {
  const { shown, stored, disabledReason, cupedReason } = analysis;
  const differs = shown.engine !== stored.engine || shown.cuped !== stored.cuped;
  return (
    <div className="mt-4 mb-2 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
      <Segments
        label="Analysis engine"
        disabledReason={disabledReason}
        options={(["frequentist", "bayesian"] as const).map((engine) => ({
          text: ENGINE_LABEL[engine],
          to: { ...shown, engine },
          current: shown.engine === engine,
        }))}
      />
      <Segments
        label="CUPED variance reduction"
        disabledReason={disabledReason}
        options={[
          {
            text: "CUPED on",
            to: { ...shown, cuped: true },
            current: shown.cuped,
            disabled: cupedReason !== null,
          },
          { text: "CUPED off", to: { ...shown, cuped: false }, current: !shown.cuped },
        ]}
      />
      {(disabledReason ?? cupedReason) && (
        <span className="text-xs text-slate-500">{disabledReason ?? cupedReason}</span>
      )}
      {differs && (
        <p className="w-full text-xs text-slate-600" role="status">
          Re-analysed from stored sums; the job publishes {choiceText(stored)}.{" "}
          <Link to={choiceHref(stored)} preventScrollReset>
            Show the published results
          </Link>
        </p>
      )}
    </div>
  );
}

function VerdictLine({ results }: { results: ResultsView }) {
  const primary = results.groups.find((g) => g.role === "primary");
  const treatments = primary?.rows.filter((r) => !r.isControl) ?? [];
  if (!primary || treatments.length === 0) return null;
  const guardrailsHarmed = results.groups
    .filter((g) => g.role === "guardrail")
    .filter((g) => g.rows.some((r) => r.verdict === "loss"));
  return (
    <div className="my-4 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm">
      {treatments.map((t) => (
        <p key={t.variant} className="flex flex-wrap items-center gap-2">
          <VerdictBadge kind={t.verdict ?? "not-enough-data"} />
          <span>
            <strong>{t.label}</strong> on <strong>{primary.name}</strong>:{" "}
            <span className="tabular-nums">
              {formatLift(t.lift)} ({formatLift(t.low)} … {formatLift(t.high)})
            </span>
          </span>
        </p>
      ))}
      <p className="mt-1 text-slate-600">
        {guardrailsHarmed.length > 0
          ? `Guardrail harmed: ${guardrailsHarmed.map((g) => g.name).join(", ")}.`
          : "No guardrail harmed."}
        {results.health.length > 0 && " The health checks above failed: do not ship on these numbers yet."}
      </p>
    </div>
  );
}

export default function ExperimentPage({ loaderData }: Route.ComponentProps) {
  const { experiment, results, history, analysis } = loaderData;
  const end = experiment.stoppedAt ?? results?.asOf;
  const days =
    experiment.startedAt && end
      ? Math.max(0, Math.round((Date.parse(end) - Date.parse(experiment.startedAt)) / DAY_MS))
      : null;
  const mayEdit = usePermissions().mayWrite("experiment");
  const intervalLabel = results
    ? `${formatLevel(1 - results.alpha)} ${results.engine === "bayesian" ? "credible" : results.sequential ? "sequential" : "confidence"} interval`
    : "";
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link to="/experiments">Experiments</Link> <span className="text-slate-400">/</span> {experiment.key}
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <div className="flex items-center gap-3">
            <StatusPill status={experiment.status} />
            <h1>{experiment.name}</h1>
          </div>
          {experiment.hypothesis && <p className="mt-1 max-w-3xl text-slate-700">{experiment.hypothesis}</p>}
          <p className="mt-1 text-sm text-slate-500">
            {experiment.startedAt ? `started ${formatDay(experiment.startedAt)}` : "not started"}
            {experiment.stoppedAt && ` · stopped ${formatDay(experiment.stoppedAt)}`}
            {days !== null && ` · ${days} days`}
            {" · "}
            {experiment.variants.map((v) => `${v.label} ${formatPercent(v.weight)}`).join(" / ")}
            {results && ` · computed ${formatDateTime(results.computedAt)}`}
          </p>
          <ModelArms arms={experiment.variants} />
        </div>
        {mayEdit && (
          <div className="flex flex-wrap items-center gap-2">
            {experiment.status !== "draft" && <RefreshButton />}
            {experiment.status === "draft" && (
              <ConfirmAction
                label="Start…"
                title={`Start “${experiment.name}”?`}
                description="Units will be assigned from now on. Variants and the primary metric cannot change once it runs."
                intent="start"
                confirmLabel="Start experiment"
              />
            )}
            {experiment.status === "running" && (
              <ConfirmAction
                label="Stop…"
                title={`Stop “${experiment.name}”?`}
                description="New units are no longer assigned and the results freeze at the stop. This cannot be undone."
                intent="stop"
                confirmLabel="Stop experiment"
              />
            )}
          </div>
        )}
      </header>

      {!results ? (
        <section className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm">
          <h2>No results yet</h2>
          <p className="mt-2 text-slate-600">
            {experiment.status === "draft"
              ? "Start the experiment, send assignments and events, and the results job (every 15 minutes) computes them."
              : "The results job runs every 15 minutes. Press “Refresh results now” to compute them at once."}
          </p>
          {loaderData.examples && <SendDataHelp examples={loaderData.examples} />}
        </section>
      ) : (
        <>
          <HealthBanner problems={results.health} arms={results.srm.arms} />
          {analysis && <AnalysisSwitch analysis={analysis} />}
          <VerdictLine results={results} />
          <p className="mb-2 text-xs text-slate-500">
            {results.engine === "bayesian" ? "Bayesian" : "Frequentist"}
            {results.sequential && " · sequential (safe to peek)"}
            {results.correction !== "none" && ` · ${results.correction} correction`}
            {results.cuped && " · CUPED"}
            {" · relative lift · export "}
            <a href={`/experiments/${experiment.key}/export/csv`} download>
              CSV
            </a>
            {" / "}
            <a href={`/experiments/${experiment.key}/export/json`} download>
              JSON
            </a>
          </p>
          <ResultsTable
            groups={results.groups}
            engine={results.engine}
            correction={results.correction}
            cuped={results.cuped}
            intervalLabel={intervalLabel}
          />
          {loaderData.breakdown && (
            <BreakdownTable view={loaderData.breakdown} multiArm={experiment.variants.length > 2} />
          )}
          <section className="mt-6">
            <h2 className="mb-2">Over time</h2>
            <div className="grid gap-4 lg:grid-cols-2">
              <Suspense fallback={chartFallback}>
                {history.map((s) => (
                  <CumulativeLiftChart
                    key={`${s.metric}/${s.variant}`}
                    title={`Cumulative lift: ${s.name} (${s.label})`}
                    points={s.points}
                  />
                ))}
                <UnitsPerDayChart days={results.unitsPerDay} arms={experiment.variants} />
              </Suspense>
            </div>
          </section>
        </>
      )}
    </>
  );
}
