import { page } from "#app/pages/page.server";
import type { Route } from "./+types/metrics";
import { metricsPage } from "./metrics.server";

export const loader = page((_: Route.LoaderArgs, ctx) => metricsPage(ctx));

export const meta: Route.MetaFunction = () => [{ title: "Metrics · Northstar" }];

export default function Metrics({ loaderData }: Route.ComponentProps) {
  const { metrics } = loaderData;
  return (
    <>
      <h1>Metrics</h1>
      <p className="mt-1 text-sm text-slate-500">
        The metric library experiments pick their primary, secondary and guardrail metrics from. Define new
        ones with <code>POST /api/v1/metrics</code>.
      </p>
      <table className="mt-4 w-full rounded-lg border border-slate-200 bg-white text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
            <th className="px-4 py-2 font-medium">Metric</th>
            <th className="px-4 py-2 font-medium">Type</th>
            <th className="px-4 py-2 font-medium">Events</th>
            <th className="px-4 py-2 font-medium">Direction</th>
            <th className="px-4 py-2 font-medium">Window</th>
          </tr>
        </thead>
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
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
