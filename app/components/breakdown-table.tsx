import type { BreakdownView } from "#app/pages/breakdown-view";
import { formatCount, formatLift, formatMean, formatPValue } from "#app/ui/format";
import { Link } from "react-router";
import { VerdictBadge } from "./verdict-badge";

/** The dimension selector (links, so a view is shareable) and, per metric, the readout per value. */
export function BreakdownTable({ view, multiArm }: { view: BreakdownView; multiArm: boolean }) {
  return (
    <section id="breakdown" aria-labelledby="breakdown-title" className="mt-6">
      <div className="mb-2 flex flex-wrap items-center gap-3">
        <h2 id="breakdown-title">Breakdown by {view.dimension}</h2>
        <nav
          aria-label="Dimension"
          className="inline-flex overflow-hidden rounded-md border border-slate-300 text-sm"
        >
          {view.dimensions.map((d) =>
            d.current ? (
              <span
                key={d.name}
                aria-current="true"
                className="bg-slate-800 px-2.5 py-1 font-medium text-white"
              >
                {d.name}
              </span>
            ) : (
              <Link
                key={d.name}
                to={d.href}
                preventScrollReset
                className="px-2.5 py-1 text-slate-700 no-underline hover:bg-slate-100"
              >
                {d.name}
              </Link>
            ),
          )}
        </nav>
      </div>
      <p className="mb-3 max-w-4xl rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        <span aria-hidden="true">⚠ </span>
        {view.note}
      </p>
      {view.metrics.map((m) => (
        <section
          key={m.metric}
          aria-label={`${m.name} by ${view.dimension}`}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: axe's scrollable-region-focusable asks for exactly this.
          tabIndex={0}
          className="mb-4 overflow-x-auto rounded-lg border border-slate-200 bg-white"
        >
          <table className="w-full text-sm">
            <caption className="px-4 pt-3 text-left text-base font-semibold text-slate-900">
              {m.name} by {view.dimension}
            </caption>
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                <th scope="col" className="px-4 py-2 font-medium">
                  {view.dimension}
                </th>
                {multiArm && (
                  <th scope="col" className="px-3 py-2 font-medium">
                    Variant
                  </th>
                )}
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Units (control / variant)
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Mean (control / variant)
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Lift (interval)
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {view.pValueLabel}
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Verdict
                </th>
              </tr>
            </thead>
            <tbody>
              {m.rows.map((r) => (
                <tr
                  key={`${r.kind}/${r.value}/${r.arm}`}
                  className="border-b border-slate-100 last:border-b-0"
                >
                  <th
                    scope="row"
                    className={`px-4 py-2 text-left font-medium ${r.kind === "value" ? "" : "italic text-slate-600"}`}
                  >
                    {r.value}
                  </th>
                  {multiArm && <td className="px-3 py-2">{r.arm}</td>}
                  <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                    {formatCount(r.controlUnits)} / {formatCount(r.treatmentUnits)}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                    {formatMean(r.controlMean, m.type)} / {formatMean(r.treatmentMean, m.type)}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                    {formatLift(r.lift)}
                    <div className="text-xs text-slate-500">
                      {formatLift(r.low)} … {formatLift(r.high)}
                    </div>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatPValue(r.pValue)}</td>
                  <td className="px-4 py-2">
                    <VerdictBadge kind={r.verdict} />
                    {r.srmFlagged && (
                      <div className="mt-1 text-xs text-slate-600">split mismatch in this cell</div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </section>
  );
}
