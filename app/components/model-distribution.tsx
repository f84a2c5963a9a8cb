/** Reference vs current distributions (a feature's or the score's): the chart, its summary and its numbers. */
import { lazy } from "react";
import type { Distribution } from "#app/pages/model-drift-view";
import { formatCount, formatPercent } from "#app/ui/format";
import { cell, head, num } from "./model-section";

export const DriftDistributionChart = lazy(() =>
  import("#app/components/charts/chart-bar-drift-distribution").then((m) => ({
    default: m.DriftDistributionChart,
  })),
);

export function DistributionTable({
  distribution,
  caption,
}: {
  distribution: Distribution;
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

export function distributionSummary(name: string, d: Distribution) {
  const top = [...d.bins].sort(
    (a, b) => Math.abs(b.current - b.reference) - Math.abs(a.current - a.reference),
  )[0];
  return `${name}: reference ${formatCount(d.counts.reference)} vs current ${formatCount(d.counts.current)} values${
    top
      ? `; largest change in ${top.label}: ${formatPercent(top.reference)} → ${formatPercent(top.current)}`
      : ""
  }; missing ${formatPercent(d.missing.reference)} → ${formatPercent(d.missing.current)}`;
}
