/** The model page's performance over time: one chart per metric of the task, and the numbers behind them. */
import { Suspense, lazy } from "react";
import { Link } from "react-router";
import type { ModelPageData } from "#app/routes/model.server";
import { formatPercent, formatShortDay } from "#app/ui/format";
import { formatMetric, versionColor } from "./model-format";
import { Section, cell, chartFallback, head, num } from "./model-section";

const ModelPerformanceChart = lazy(() =>
  import("#app/components/charts/chart-line-model-performance").then((m) => ({
    default: m.ModelPerformanceChart,
  })),
);

export function PerformanceSection({ data }: { data: ModelPageData }) {
  const { metrics, shown } = data;
  const colorIndex = (v: string) => data.versions.findIndex((x) => x.version === v);
  const days = [...new Set(metrics.flatMap((m) => m.points.map((p) => p.day)))].sort();
  return (
    <Section title="Performance over time" id="performance">
      <p className="mb-2 text-xs text-slate-500">
        Daily windows (UTC) over labelled predictions; dashed line: alert threshold; shaded area: label
        coverage (share of predictions labelled so far — recent days fill in as labels arrive). Legend:{" "}
        {shown.map((v) => (
          <span key={v} className="mr-2 whitespace-nowrap">
            <span
              aria-hidden="true"
              className="mr-1 inline-block h-0.5 w-3 align-middle"
              style={{ background: versionColor(colorIndex(v)) }}
            />
            {v}
          </span>
        ))}
      </p>
      {days.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-600">
          No performance snapshots in this range yet: the model-performance job computes them hourly from
          labelled predictions (see <Link to="/jobs">Jobs</Link>).
        </p>
      ) : (
        <div className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3">
          {metrics.map((m) => {
            const last = Object.fromEntries(
              shown.map((v) => [
                v,
                [...m.points].reverse().find((p) => p.values[v] !== null)?.values[v] ?? null,
              ]),
            );
            const summary = `${m.label} per day, ${shown
              .map((v) => `${v} latest ${formatMetric(last[v], m.format)}`)
              .join(
                ", ",
              )}${m.threshold !== null ? `; threshold ${formatMetric(m.threshold, m.format)}` : ""}`;
            return (
              <Suspense
                key={`${m.metric}-${m.k}`}
                fallback={
                  <figure className="rounded-lg border border-slate-200 bg-white p-3">
                    <figcaption className="mb-1 text-sm font-medium">{m.label}</figcaption>
                    {chartFallback(180)}
                  </figure>
                }
              >
                <ModelPerformanceChart
                  title={m.label}
                  points={m.points}
                  versions={shown}
                  threshold={m.threshold}
                  format={m.format}
                  summary={summary}
                />
              </Suspense>
            );
          })}
        </div>
      )}
      {days.length > 0 && (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-slate-600">The numbers behind these charts</summary>
          <div className="mt-2 max-h-96 overflow-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-xs">
              <caption className="sr-only">Performance per day</caption>
              <thead className="sticky top-0 bg-white">
                <tr className={head}>
                  <th className={cell}>Day</th>
                  <th className={cell}>Version</th>
                  <th className={`${cell} text-right`}>Label coverage</th>
                  {metrics.map((m) => (
                    <th key={`${m.metric}-${m.k}`} className={`${cell} text-right`}>
                      {m.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {days.flatMap((day) =>
                  shown.map((v) => (
                    <tr key={`${day}-${v}`} className="border-b border-slate-100">
                      <td className={`${cell} tabular-nums`}>{formatShortDay(day)}</td>
                      <td className={cell}>{v}</td>
                      <td className={num}>
                        {formatPercent(metrics[0]?.points.find((p) => p.day === day)?.coverage[v])}
                      </td>
                      {metrics.map((m) => (
                        <td key={`${m.metric}-${m.k}`} className={num}>
                          {formatMetric(m.points.find((p) => p.day === day)?.values[v], m.format)}
                        </td>
                      ))}
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </Section>
  );
}
