import { Link } from "react-router";
import { ModelHealthBadge } from "#app/components/model-health-badge";
import { page } from "#app/pages/page.server";
import { formatDateTime, formatPercent } from "#app/ui/format";
import type { Route } from "./+types/models";
import { modelsPage } from "./models.server";

export const loader = page("models", (_: Route.LoaderArgs, ctx) => modelsPage(ctx));

export const meta: Route.MetaFunction = () => [{ title: "Models · Northstar" }];

const cell = "px-4 py-2";

export default function Models({ loaderData }: Route.ComponentProps) {
  const { models, rangeDays } = loaderData;
  return (
    <>
      <h1>Models</h1>
      <p className="mt-1 text-sm text-slate-500">
        Monitored models and their health over the last {rangeDays} days: drift of inputs and score against
        each version's reference window, performance against its thresholds, and whether predictions still
        arrive.
      </p>
      {models.length === 0 ? (
        <p className="mt-4 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm">
          No models yet. Register one with <code>POST /api/v1/models</code>, then send predictions to{" "}
          <code>/api/v1/predictions</code> and labels to <code>/api/v1/labels</code>.
        </p>
      ) : (
        <table className="mt-4 w-full rounded-lg border border-slate-200 bg-white text-sm">
          <caption className="sr-only">Models</caption>
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
              <th className={`${cell} font-medium`}>Model</th>
              <th className={`${cell} font-medium`}>Task</th>
              <th className={`${cell} font-medium`}>Versions</th>
              <th className={`${cell} font-medium`}>Latest prediction</th>
              <th className={`${cell} text-right font-medium`}>Label coverage</th>
              <th className={`${cell} font-medium`}>Health</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.key} className="border-b border-slate-100 align-top last:border-b-0">
                <th scope="row" className={`${cell} text-left font-normal`}>
                  <Link to={`/models/${m.key}`} className="font-medium">
                    {m.name}
                  </Link>
                  <div className="text-xs text-slate-500">{m.key}</div>
                </th>
                <td className={cell}>{m.task.replaceAll("_", " ")}</td>
                <td className={cell}>{m.versions.join(", ") || "—"}</td>
                <td className={`${cell} tabular-nums`}>{formatDateTime(m.lastPredictionAt)}</td>
                <td className={`${cell} text-right tabular-nums`}>{formatPercent(m.labelCoverage)}</td>
                <td className={cell}>
                  <ModelHealthBadge kind={m.health.kind} />
                  <div className="mt-0.5 text-xs text-slate-600">{m.health.text}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
