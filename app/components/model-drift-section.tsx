/** The model page's feature drift: the table worst first with sparklines, and a feature's drill-down. */
import { Suspense, lazy } from "react";
import { Link } from "react-router";
import type { ModelPageData } from "#app/routes/model.server";
import { formatCount, formatPercent, formatShortDay } from "#app/ui/format";
import { DriftSparkline } from "./drift-sparkline";
import { DistributionTable, DriftDistributionChart, distributionSummary } from "./model-distribution";
import { formatStatistic } from "./model-format";
import { DriftStatus } from "./model-health-badge";
import { Section, cell, chartFallback, head, num } from "./model-section";

/** A link to the model page with the drill-down's feature changed (null: closed). */
export type FeatureHref = (change: { feature: string | null }) => string;

const DriftHistoryChart = lazy(() =>
  import("#app/components/charts/chart-line-drift-history").then((m) => ({ default: m.DriftHistoryChart })),
);

export function DriftSection({ data, href }: { data: ModelPageData; href: FeatureHref }) {
  return (
    <Section title="Feature drift" id="drift">
      <p className="mb-2 text-xs text-slate-500">
        Each feature, the score and the label on its latest complete day (UTC) with enough rows to judge,
        against the version's reference window; drifted first, then by how far past the threshold. Tests (KS,
        chi-square) drift below their p-value threshold, distances above theirs when their test (KS or
        chi-square) also finds the change significant. Days with fewer than the minimum rows say not enough
        data. The line shows the range (p-values as −log₁₀ p, so up is more drift).
      </p>
      {data.drift.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-600">
          No drift snapshots in this range yet: the model-drift job compares each day with the reference
          window once the reference week has passed (see <Link to="/jobs">Jobs</Link>).
        </p>
      ) : (
        <div className="rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <caption className="sr-only">Feature drift</caption>
            <thead>
              <tr className={head}>
                <th className={cell}>Feature</th>
                <th className={cell}>Version</th>
                <th className={cell}>Kind</th>
                <th className={cell}>Method</th>
                <th className={`${cell} text-right`}>Statistic</th>
                <th className={`${cell} text-right`}>Threshold</th>
                <th className={cell}>Status</th>
                <th className={cell}>Over the range</th>
                <th className={`${cell} text-right`}>Day (rows)</th>
              </tr>
            </thead>
            <tbody>
              {data.drift.map((r) => (
                <tr
                  key={`${r.version}-${r.kind}-${r.feature}`}
                  className={`border-b border-slate-100 last:border-b-0 ${r.drifted ? "bg-orange-50/50" : ""}`}
                >
                  <th scope="row" className={`${cell} text-left font-medium`}>
                    <Link to={`${href({ feature: `${r.kind}:${r.feature}` })}#drill-down`} preventScrollReset>
                      {r.feature}
                    </Link>
                  </th>
                  <td className={cell}>{r.version}</td>
                  <td className={cell}>{r.kind}</td>
                  <td className={`${cell} whitespace-nowrap`}>{r.method}</td>
                  <td className={num}>
                    {formatStatistic(r.score)}
                    <span className="ml-1 text-xs text-slate-500">
                      {r.scoreName === "p-value" ? "p" : ""}
                    </span>
                  </td>
                  <td className={num}>{formatStatistic(r.threshold)}</td>
                  <td className={cell}>
                    <DriftStatus drifted={r.drifted} status={r.status} withinNoise={r.withinNoise} />
                  </td>
                  <td className={cell}>
                    <DriftSparkline
                      points={r.history}
                      threshold={r.threshold}
                      pValue={r.scoreName === "p-value"}
                    />
                  </td>
                  <td className={`${num} whitespace-nowrap`}>
                    {formatShortDay(r.day)} ({formatCount(r.currentCount)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

export function DrillDown({ data, href }: { data: ModelPageData; href: FeatureHref }) {
  const drill = data.drillDown;
  if (!drill) return null;
  return (
    <Section title={`Drill-down: ${drill.name}`} id="drill-down">
      <p className="mb-2 text-sm">
        <Link to={`${href({ feature: null })}#drift`} preventScrollReset>
          Close
        </Link>
      </p>
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        {drill.versions.map((v) => (
          <div
            key={v.version}
            className="rounded-lg border border-slate-200 bg-white p-3"
            data-testid="drill-down"
          >
            <h3 className="text-sm font-medium">
              {v.version}: reference vs {v.day ? formatShortDay(v.day) : "—"}{" "}
              {v.row && <DriftStatus drifted={v.row.drifted} status={v.row.status} />}
            </h3>
            {v.distribution ? (
              <>
                <p className="text-xs text-slate-500">
                  Share of non-missing values per bin; missing{" "}
                  {formatPercent(v.distribution.missing.reference)} in the reference,{" "}
                  {formatPercent(v.distribution.missing.current)} now.
                </p>
                <Suspense fallback={chartFallback(200)}>
                  <DriftDistributionChart
                    bins={v.distribution.bins}
                    summary={distributionSummary(`${drill.name} (${v.version})`, v.distribution)}
                  />
                </Suspense>
                <DistributionTable distribution={v.distribution} caption={`${drill.name} distribution`} />
              </>
            ) : (
              <p className="text-sm text-slate-600">No stored histograms for this version in the range.</p>
            )}
            <h4 className="mt-3 text-xs font-medium uppercase tracking-wide text-slate-500">
              {v.row?.scoreName ?? "statistic"} over time
            </h4>
            <Suspense fallback={chartFallback(200)}>
              <DriftHistoryChart
                points={v.history}
                threshold={v.row?.threshold ?? v.history.at(-1)?.threshold ?? null}
                scoreName={v.row?.scoreName ?? "statistic"}
                summary={`${drill.name} (${v.version}) ${v.row?.scoreName ?? "statistic"} per day: ${v.history
                  .map((p) => `${formatShortDay(p.day)} ${formatStatistic(p.score)}`)
                  .join(", ")}`}
              />
            </Suspense>
          </div>
        ))}
      </div>
    </Section>
  );
}
