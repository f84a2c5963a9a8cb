/**
 * The model page's body, shared by `/models/:key` and the version deep link: verdict first, then
 * performance over time, drift (table worst first, drill-down), score distribution, calibration.
 * Charts load apart and draw in the browser; each has the numbers beside it as text.
 */
import { Link } from "react-router";
import { HEALTH_DAYS } from "#app/pages/model-view";
import type { ModelPageData } from "#app/routes/model.server";
import { formatCount, formatDateTime, formatDay, formatPercent } from "#app/ui/format";
import { usePermissions } from "#app/auth/use-permission";
import { DriftSettingsForm } from "./drift-settings-form";
import { CalibrationSection } from "./model-calibration-section";
import { DriftSection, DrillDown } from "./model-drift-section";
import { versionColor } from "./model-format";
import { ModelHealthBadge } from "./model-health-badge";
import { PerformanceSection } from "./model-performance-section";
import { ScoreSection } from "./model-score-section";
import { Section, cell, head, num } from "./model-section";

/** Link to the same page with some query parameters changed. */
function pageHref(base: string, query: ModelPageData["query"]) {
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
  const href = pageHref(base, query);
  const versionBase = `/models/${model.key}`;
  const mayEdit = usePermissions().mayWrite("model");
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
          feature's latest complete day.
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
      {mayEdit && (
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
      )}
    </>
  );
}
