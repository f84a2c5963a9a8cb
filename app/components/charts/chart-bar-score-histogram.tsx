import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatPercent } from "#app/ui/format";
import type { DistributionChartBin } from "./chart-bar-drift-distribution";

const HEIGHT = 200;

/**
 * Reference and current histograms on the same bins, overlaid: each series has its own (hidden
 * for one) x axis so its bars take the whole bin width, and both are semi-transparent so where
 * they overlap shows through.
 */
export function ScoreHistogramChart({
  bins,
  summary,
  testId = "score-chart",
}: {
  bins: DistributionChartBin[];
  summary: string;
  testId?: string;
}) {
  return (
    <div role="img" aria-label={summary} style={{ height: HEIGHT }} data-testid={testId}>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={bins} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap={0}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis
            xAxisId="reference"
            dataKey="label"
            tick={{ fontSize: 10 }}
            interval="preserveStartEnd"
            minTickGap={4}
          />
          <XAxis xAxisId="current" dataKey="label" hide />
          <YAxis tickFormatter={(v: number) => formatPercent(v)} tick={{ fontSize: 11 }} width={48} />
          <Bar
            xAxisId="reference"
            dataKey="reference"
            name="Reference"
            fill="#64748b"
            fillOpacity={0.45}
            stroke="#475569"
            isAnimationActive={false}
          />
          <Bar
            xAxisId="current"
            dataKey="current"
            name="Current"
            fill="var(--color-better)"
            fillOpacity={0.45}
            stroke="var(--color-better)"
            isAnimationActive={false}
          />
          <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
          <Tooltip formatter={(value, name) => [formatPercent(Number(value)), String(name)]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
