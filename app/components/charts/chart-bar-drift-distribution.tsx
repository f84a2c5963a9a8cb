import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatPercent } from "#app/ui/format";

export interface DistributionChartBin {
  label: string;
  reference: number;
  current: number;
}

const HEIGHT = 200;

/**
 * Reference vs current shares on the same bins (numeric ranges or categories): side by side, or
 * `overlaid` as two histograms — each series on its own x axis (one hidden) so its bars take the
 * whole bin width, both semi-transparent so where they overlap shows through.
 */
export function DriftDistributionChart({
  bins,
  summary,
  testId = "distribution-chart",
  overlaid = false,
}: {
  bins: DistributionChartBin[];
  summary: string;
  testId?: string;
  overlaid?: boolean;
}) {
  const current = overlaid ? "current" : "reference";
  const opacity = overlaid ? 0.45 : 1;
  return (
    <div role="img" aria-label={summary} style={{ height: HEIGHT }} data-testid={testId}>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart
          data={bins}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          barGap={1}
          barCategoryGap={overlaid ? 0 : "10%"}
        >
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis
            xAxisId="reference"
            dataKey="label"
            tick={{ fontSize: 10 }}
            interval="preserveStartEnd"
            minTickGap={4}
          />
          {overlaid && <XAxis xAxisId="current" dataKey="label" hide />}
          <YAxis tickFormatter={(v: number) => formatPercent(v)} tick={{ fontSize: 11 }} width={48} />
          <Bar
            xAxisId="reference"
            dataKey="reference"
            name="Reference"
            fill={overlaid ? "#64748b" : "#94a3b8"}
            fillOpacity={opacity}
            stroke={overlaid ? "#475569" : undefined}
            isAnimationActive={false}
          />
          <Bar
            xAxisId={current}
            dataKey="current"
            name="Current"
            fill="var(--color-better)"
            fillOpacity={opacity}
            stroke={overlaid ? "var(--color-better)" : undefined}
            isAnimationActive={false}
          />
          <Legend verticalAlign={overlaid ? "top" : "bottom"} wrapperStyle={{ fontSize: 12 }} />
          <Tooltip formatter={(value, name) => [formatPercent(Number(value)), String(name)]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
