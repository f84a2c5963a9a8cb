/**
 * The model page's body, shared by `/models/:key` and the version deep link: verdict first, then
 * performance over time, drift (table worst first, drill-down), score distribution, calibration.
 * Charts load apart and draw in the browser; each has the numbers beside it as text.
 */
import { Suspense, lazy, type ReactNode } from "react";
import { Link } from "react-router";
import { HEALTH_DAYS } from "#app/pages/model-view";
import type { ModelPageData } from "#app/routes/model.server";
import { formatCount, formatDateTime, formatDay, formatPercent, formatShortDay } from "#app/ui/format";
import { DriftSettingsForm } from "./drift-settings-form";
import { DriftSparkline } from "./drift-sparkline";
import { formatMetric, formatStatistic, versionColor } from "./model-format";
import { DriftStatus, ModelHealthBadge } from "./model-health-badge";

const ModelPerformanceChart = lazy(() =>
  import("#app/components/charts/chart-line-model-performance").then((m) => ({
    default: m.ModelPerformanceChart,
  })),
);
const DriftDistributionChart = lazy(() =>
  import("#app/components/charts/chart-bar-drift-distribution").then((m) => ({
    default: m.DriftDistributionChart,
  })),
);
const DriftHistoryChart = lazy(() =>
  import("#app/components/charts/chart-line-drift-history").then((m) => ({ default: m.DriftHistoryChart })),
);
const ModelCalibrationChart = lazy(() =>
  import("#app/components/charts/chart-line-model-calibration").then((m) => ({
    default: m.ModelCalibrationChart,
  })),
);

const fallback = (height: number) => <div style={{ height }} className="rounded bg-slate-50" />;

const cell = "px-3 py-1.5";
const num = `${cell} text-right tabular-nums`;
const head = "border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500";

function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section className="mt-8" id={id} aria-labelledby={id ? `${id}-title` : undefined}>
      <h2 id={id ? `${id}-title` : undefined} className="mb-2">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Link to the same page with some query parameters changed. */
function useHref(base: string, query: ModelPageData["query"]) {
  return (change: Partial<{ version: string | null; days: number; feature: string | null }>) => {
    const params = new URLSearchParams();
    const days = change.days ?? query.days;
    if (days !== 30) params.set("days", String(days));
    const version = "version" in change ? change.version : query.version;
    if (version && !base.includes("/versions/")) params.set("version", version);
    const feature =
      "feature" in change
        ? change.feature
        : query.feature
          ? `${query.feature.kind}:${query.feature.name}`
          : null;
    if (feature) params.set("feature", feature);
    const search = params.toString();
    return search ? `${base}?${search}` : base;
  };
}

function Segmented({
  label,
  items,
}: {
  label: string;
  items: Array<{ to: string; text: string; active: boolean }>;
}) {
  return (
    <nav aria-label={label} className="flex items-center gap-1 text-sm">
      <span className="mr-1 text-slate-500">{label}</span>
      {items.map((item) => (
        <Link
          key={item.text}
          to={item.to}
          preventScrollReset
          aria-current={item.active ? "page" : undefined}
          className={`rounded-md px-2 py-1 no-underline hover:no-underline ${
            item.active ? "bg-accent-soft font-medium text-accent" : "text-slate-600 hover:bg-slate-100"
          }`}
        >
          {item.text}
        </Link>
      ))}
    </nav>
  );
}

export function ModelDashboard({ data, base }: { data: ModelPageData; base: string }) {
  const { model, versions, query, shown, health, shares } = data;
  const href = useHref(base, query);
  const versionBase = `/models/${model.key}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link to="/models">Models</Link> <span className="text-slate-400">/</span>{" "}
        {query.version && base.includes("/versions/") ? (
          <>
            <Link to={versionBase}>{model.key}</Link> <span className="text-slate-400">/</span>{" "}
            {query.version}
          </>
        ) : (
          model.key
        )}
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1>
            {model.name}
            {query.version && base.includes("/versions/") ? ` · ${query.version}` : ""}
          </h1>
          <p className="mt-1 text-sm text-slate-500">
            {model.task.replaceAll("_", " ")} · {model.description}
          </p>
        </div>
        <div className="flex flex-col items-end gap-2">
          <Segmented
            label="Versions"
            items={[
              ...(base.includes("/versions/")
                ? [{ to: versionBase, text: "All", active: false }]
                : [{ to: href({ version: null }), text: "All", active: query.version === null }]),
              ...versions.map((v) => ({
                to: base.includes("/versions/")
                  ? `${versionBase}/versions/${encodeURIComponent(v.version)}`
                  : href({ version: v.version }),
                text: v.version,
                active: query.version === v.version,
              })),
            ]}
          />
          <Segmented
            label="Range"
            items={[7, 30, 90].map((d) => ({
              to: href({ days: d }),
              text: `${d} days`,
              active: query.days === d,
            }))}
          />
        </div>
      </header>

      <div
        className="my-4 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm"
        data-testid="model-health"
      >
        <p className="flex flex-wrap items-center gap-2">
          <ModelHealthBadge kind={health.kind} />
          <span>{health.text}.</span>
        </p>
        <p className="mt-1 text-xs text-slate-500">
          Performance is judged on the mean of each version's last {HEALTH_DAYS} complete days; drift on each
          feature's latest daily window.
        </p>
        <ul className="mt-1 text-slate-600">
          {shares.map((s) => (
            <li key={s.version}>
              <strong>{s.version}</strong>: {s.drifted} of {s.features} features drifted (
              {formatPercent(s.share)}; dataset drift at {formatPercent(0.5)}) —{" "}
              {s.datasetDrift ? "dataset drift" : "no dataset drift"}
            </li>
          ))}
        </ul>
      </div>

      <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
        <caption className="sr-only">Versions</caption>
        <thead>
          <tr className={head}>
            <th className={cell}>Version</th>
            <th className={`${cell} text-right`}>Predictions</th>
            <th className={cell}>First – last prediction</th>
            <th className={cell}>Reference window</th>
            <th className={cell}>Served by</th>
          </tr>
        </thead>
        <tbody>
          {versions
            .filter((v) => shown.includes(v.version))
            .map((v) => (
              <tr key={v.version} className="border-b border-slate-100 last:border-b-0">
                <th scope="row" className={`${cell} text-left font-medium`}>
                  <span
                    aria-hidden="true"
                    className="mr-1.5 inline-block h-2 w-2 rounded-full"
                    style={{ background: versionColor(versions.findIndex((x) => x.version === v.version)) }}
                  />
                  <Link to={`${versionBase}/versions/${encodeURIComponent(v.version)}`}>{v.version}</Link>
                </th>
                <td className={num}>{formatCount(v.predictions)}</td>
                <td className={cell}>
                  {formatDay(v.firstPredictionAt)} – {formatDateTime(v.lastPredictionAt)}
                </td>
                <td className={cell}>
                  {v.reference
                    ? `${formatDay(v.reference.from)} – ${formatDay(v.reference.to)}${v.reference.default ? " (first 7 days)" : ""}`
                    : "—"}
                </td>
                <td className={cell}>
                  {v.arms.length === 0
                    ? "—"
                    : v.arms.map((a) => (
                        <div key={`${a.experiment}-${a.variant}`}>
                          <Link to={`/experiments/${a.experiment}`}>{a.name}</Link> ({a.variant}, {a.status})
                        </div>
                      ))}
                </td>
              </tr>
            ))}
        </tbody>
      </table>

      <PerformanceSection data={data} />
      <DriftSection data={data} href={href} />
      {data.drillDown && <DrillDown data={data} href={href} />}
      <ScoreSection data={data} />
      {data.calibration.length > 0 && <CalibrationSection data={data} />}
      <Section title="Drift settings" id="settings">
        <details className="rounded-lg border border-slate-200 bg-white px-4 py-3">
          <summary className="cursor-pointer text-sm text-slate-600">
            Method and threshold, model-wide and per feature (empty: the defaults shown)
          </summary>
          <div className="mt-3">
            <DriftSettingsForm
              modelKey={model.key}
              config={data.driftConfig}
              features={data.settingsFeatures}
            />
          </div>
        </details>
      </Section>
    </>
  );
}

function PerformanceSection({ data }: { data: ModelPageData }) {
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
                    {fallback(180)}
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

type Href = ReturnType<typeof useHref>;

function DriftSection({ data, href }: { data: ModelPageData; href: Href }) {
  return (
    <Section title="Feature drift" id="drift">
      <p className="mb-2 text-xs text-slate-500">
        Each feature, the score and the label in its latest daily window with data, against the version's
        reference window; drifted first, then by how far past the threshold. Tests (KS, chi-square) drift
        below their p-value threshold, distances above theirs. The line shows the range (p-values as −log₁₀ p,
        so up is more drift).
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
                    <DriftStatus drifted={r.drifted} status={r.status} />
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

function DistributionTable({
  distribution,
  caption,
}: {
  distribution: NonNullable<ModelPageData["score"][number]["distribution"]>;
  caption: string;
}) {
  return (
    <details className="mt-2 text-xs">
      <summary className="cursor-pointer text-slate-600">The numbers</summary>
      <table className="mt-1 w-full">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className={head}>
            <th className={cell}>Bin</th>
            <th className={`${cell} text-right`}>Reference</th>
            <th className={`${cell} text-right`}>Current</th>
          </tr>
        </thead>
        <tbody>
          {distribution.bins.map((b) => (
            <tr key={b.label} className="border-b border-slate-100">
              <td className={cell}>{b.label}</td>
              <td className={num}>{formatPercent(b.reference)}</td>
              <td className={num}>{formatPercent(b.current)}</td>
            </tr>
          ))}
          <tr>
            <td className={cell}>missing</td>
            <td className={num}>{formatPercent(distribution.missing.reference)}</td>
            <td className={num}>{formatPercent(distribution.missing.current)}</td>
          </tr>
        </tbody>
      </table>
    </details>
  );
}

function distributionSummary(name: string, d: NonNullable<ModelPageData["score"][number]["distribution"]>) {
  const top = [...d.bins].sort(
    (a, b) => Math.abs(b.current - b.reference) - Math.abs(a.current - a.reference),
  )[0];
  return `${name}: reference ${formatCount(d.counts.reference)} vs current ${formatCount(d.counts.current)} values${
    top
      ? `; largest change in ${top.label}: ${formatPercent(top.reference)} → ${formatPercent(top.current)}`
      : ""
  }; missing ${formatPercent(d.missing.reference)} → ${formatPercent(d.missing.current)}`;
}

function DrillDown({ data, href }: { data: ModelPageData; href: Href }) {
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
                <Suspense fallback={fallback(200)}>
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
            <Suspense fallback={fallback(200)}>
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

function ScoreSection({ data }: { data: ModelPageData }) {
  if (data.score.length === 0) return null;
  return (
    <Section title="Score distribution" id="score">
      <p className="mb-2 text-xs text-slate-500">
        The model's scores in the latest daily window against its reference window, on the reference's bins.
      </p>
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        {data.score.map((s) =>
          s.distribution ? (
            <div key={s.version} className="rounded-lg border border-slate-200 bg-white p-3">
              <h3 className="text-sm font-medium">
                {s.version}: reference vs {formatShortDay(s.day)}
              </h3>
              <Suspense fallback={fallback(200)}>
                <DriftDistributionChart
                  bins={s.distribution.bins}
                  summary={distributionSummary(`Score (${s.version})`, s.distribution)}
                  testId="score-chart"
                />
              </Suspense>
              <DistributionTable
                distribution={s.distribution}
                caption={`Score distribution of ${s.version}`}
              />
            </div>
          ) : null,
        )}
      </div>
    </Section>
  );
}

function CalibrationSection({ data }: { data: ModelPageData }) {
  return (
    <Section title="Calibration and confusion" id="calibration">
      <p className="mb-2 text-xs text-slate-500">
        Reliability per score bin over the latest {data.recentDays} days with labels against the reference
        window (diagonal: perfectly calibrated); confusion counts at the 0.5 decision threshold over the same
        days.
      </p>
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        {data.calibration.map((c) => {
          const total = c.confusion ? c.confusion.tp + c.confusion.fp + c.confusion.tn + c.confusion.fn : 0;
          return (
            <div key={c.version} className="rounded-lg border border-slate-200 bg-white p-3">
              <h3 className="text-sm font-medium">{c.version}</h3>
              <Suspense fallback={fallback(220)}>
                <ModelCalibrationChart
                  current={c.current}
                  reference={c.reference}
                  summary={`Calibration of ${c.version}, latest days: ${c.current
                    .filter((p) => p.count > 0)
                    .map((p) => `${p.bin} observed ${formatPercent(p.observed)}`)
                    .join(", ")}`}
                />
              </Suspense>
              <details className="mt-1 text-xs">
                <summary className="cursor-pointer text-slate-600">The numbers</summary>
                <table className="mt-1 w-full">
                  <caption className="sr-only">Calibration of {c.version}</caption>
                  <thead>
                    <tr className={head}>
                      <th className={cell}>Score bin</th>
                      <th className={`${cell} text-right`}>Predicted (latest)</th>
                      <th className={`${cell} text-right`}>Observed (latest)</th>
                      <th className={`${cell} text-right`}>n</th>
                      <th className={`${cell} text-right`}>Observed (reference)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.current.map((p) => (
                      <tr key={p.bin} className="border-b border-slate-100">
                        <td className={cell}>{p.bin}</td>
                        <td className={num}>{formatPercent(p.predicted)}</td>
                        <td className={num}>{formatPercent(p.observed)}</td>
                        <td className={num}>{formatCount(p.count)}</td>
                        <td className={num}>
                          {formatPercent(c.reference.find((r) => r.bin === p.bin)?.observed)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
              {c.confusion && (
                <table className="mt-3 w-full text-sm" data-testid="confusion-matrix">
                  <caption className="mb-1 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
                    Confusion matrix of {c.version} at 0.5 ({formatCount(total)} labelled)
                  </caption>
                  <thead>
                    <tr className={head}>
                      <th className={cell} />
                      <th className={`${cell} text-right`}>Predicted positive</th>
                      <th className={`${cell} text-right`}>Predicted negative</th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr className="border-b border-slate-100">
                      <th scope="row" className={`${cell} text-left font-medium`}>
                        Actual positive
                      </th>
                      <td className={num}>{formatCount(c.confusion.tp)} (TP)</td>
                      <td className={num}>{formatCount(c.confusion.fn)} (FN)</td>
                    </tr>
                    <tr>
                      <th scope="row" className={`${cell} text-left font-medium`}>
                        Actual negative
                      </th>
                      <td className={num}>{formatCount(c.confusion.fp)} (FP)</td>
                      <td className={num}>{formatCount(c.confusion.tn)} (TN)</td>
                    </tr>
                  </tbody>
                </table>
              )}
            </div>
          );
        })}
      </div>
    </Section>
  );
}
