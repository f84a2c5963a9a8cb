import { Link } from "react-router";
import { usePermissions } from "#app/auth/use-permission";
import { ModelHealthBadge } from "#app/components/model-health-badge";
import { SendDataHelp } from "#app/components/send-data-help";
import { VerdictBadge } from "#app/components/verdict-badge";
import { page } from "#app/pages/page.server";
import { baseUrlOf } from "#app/pages/send-data-examples";
import { formatDateTime, formatDay, formatLift } from "#app/ui/format";
import { TableHead } from "#app/components/table-head";
import { AlertStateBadge } from "#app/components/alert-state-badge";
import type { Route } from "./+types/overview";
import { overviewPage } from "./overview.server";

export const loader = page("overview", ({ request }: Route.LoaderArgs, ctx) =>
  overviewPage(ctx, baseUrlOf(request)),
);

export const meta: Route.MetaFunction = () => [{ title: "Overview · Northstar" }];

export default function Overview({ loaderData }: Route.ComponentProps) {
  const { running, counts, jobs, examples } = loaderData;
  const mayCreate = usePermissions().mayRead("experiment-new");
  return (
    <>
      <h1>Overview</h1>
      <p className="mt-1 text-sm text-slate-500">
        {counts.running} running · {counts.draft} draft · {counts.stopped} stopped ·{" "}
        <Link to="/experiments">all experiments</Link>
      </p>

      <OpenAlerts alerts={loaderData.alerts} />

      <section className="mt-6">
        <h2 className="mb-2">Running experiments</h2>
        {running.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm">
            <p className="text-slate-600">
              No experiment is running.{" "}
              {mayCreate ? (
                <>
                  Create one with the <Link to="/experiments/new">New experiment</Link> form or with{" "}
                  <code>POST /api/v1/experiments</code>, start it, and send assignments and events:
                </>
              ) : (
                <>An editor or admin creates and starts one; then services send assignments and events:</>
              )}
            </p>
            {examples && <SendDataHelp examples={examples} />}
          </div>
        ) : (
          <ul className="grid gap-3">
            {running.map((e) => (
              <li key={e.key} className="rounded-lg border border-slate-200 bg-white px-4 py-3">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <Link to={`/experiments/${e.key}`} className="text-base font-semibold">
                    {e.name}
                  </Link>
                  <span className="text-xs text-slate-500">
                    started {formatDay(e.startedAt)} ·{" "}
                    {e.computedAt ? `computed ${formatDateTime(e.computedAt)}` : "no results yet"}
                  </span>
                </div>
                {e.treatments.map((t) => (
                  <p key={t.variant} className="mt-2 flex flex-wrap items-center gap-2 text-sm">
                    <VerdictBadge kind={t.verdict} />
                    <span>
                      {t.label} on {e.primaryMetric}:{" "}
                      <span className="font-medium tabular-nums">{formatLift(t.lift)}</span>{" "}
                      <span className="text-slate-500 tabular-nums">
                        ({formatLift(t.low)} … {formatLift(t.high)})
                      </span>
                    </span>
                  </p>
                ))}
                {e.health.length > 0 && (
                  <ul className="mt-2 space-y-1 text-sm text-orange-900">
                    {e.health.map((problem) => (
                      <li key={problem}>
                        <span aria-hidden="true">⚠ </span>
                        {problem}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="mt-8" aria-labelledby="monitored-models">
        <h2 id="monitored-models" className="mb-2">
          Monitored models
        </h2>
        {loaderData.models.length === 0 ? (
          <p className="text-sm text-slate-600">
            No monitored models yet: register one with <code>POST /api/v1/models</code> and send predictions.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {loaderData.models.map((m) => (
              <li key={m.key} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-2 text-sm">
                <Link to={`/models/${m.key}`} className="font-medium">
                  {m.name}
                </Link>
                <ModelHealthBadge kind={m.health.kind} />
                <span className="text-slate-600">{m.health.text}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="mt-8">
        <h2 className="mb-2">Jobs</h2>
        <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
          <TableHead columns={["Job", "Schedule (UTC)", "Last run", "Last success"]} />
          <tbody>
            {jobs.map((j) => (
              <tr key={j.name} className="border-b border-slate-100 last:border-b-0">
                <td className="px-4 py-2">{j.name}</td>
                <td className="px-4 py-2 font-mono text-xs">{j.schedule}</td>
                <td className="px-4 py-2">
                  {j.lastRun ? `${j.lastRun.status} ${formatDateTime(j.lastRun.finishedAt)}` : "never"}
                </td>
                <td className="px-4 py-2">{formatDateTime(j.lastSuccessAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 text-sm">
          <Link to="/jobs">All job runs</Link>
        </p>
      </section>
    </>
  );
}

/** Open alerts first: what needs someone now. */
function OpenAlerts({ alerts }: { alerts: Route.ComponentProps["loaderData"]["alerts"] }) {
  const firing = alerts.filter((a) => a.state === "firing").length;
  return (
    <section className="mt-6" aria-labelledby="open-alerts">
      <h2 id="open-alerts" className="mb-2">
        Open alerts{" "}
        <span className="text-sm font-normal text-slate-500">
          ({firing} firing, {alerts.length - firing} pending)
        </span>
      </h2>
      {alerts.length === 0 ? (
        <p className="text-sm text-slate-600">
          <span aria-hidden="true">✓ </span>No alert is firing. <Link to="/alerts">Alert rules</Link>
        </p>
      ) : (
        <>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {alerts.map((a) => (
              <li key={a.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-2 text-sm">
                <AlertStateBadge state={a.state} />
                <span className="font-medium">{a.rule}</span>
                <Link to={a.url}>{a.subject}</Link>
                <span className="text-slate-600 tabular-nums">{a.value}</span>
                <span className="text-xs text-slate-500">since {formatDateTime(a.since)}</span>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-sm">
            <Link to="/alerts">All alerts and rules</Link>
          </p>
        </>
      )}
    </section>
  );
}
