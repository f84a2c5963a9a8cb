import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatPercent } from "#app/ui/format";

export interface DistributionChartBin {
  label: string;
  reference: number;
  current: number;
}

const HEIGHT = 200;

/** Reference vs current shares on the same bins (numeric ranges or categories), side by side. */
export function DriftDistributionChart({
  bins,
  summary,
  testId = "distribution-chart",
}: {
  bins: DistributionChartBin[];
  summary: string;
  testId?: string;
}) {
  return (
    <div role="img" aria-label={summary} style={{ height: HEIGHT }} data-testid={testId}>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={bins} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barGap={1}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 10 }} interval="preserveStartEnd" minTickGap={4} />
          <YAxis tickFormatter={(v: number) => formatPercent(v)} tick={{ fontSize: 11 }} width={48} />
          <Bar dataKey="reference" name="Reference" fill="#94a3b8" isAnimationActive={false} />
          <Bar dataKey="current" name="Current" fill="var(--color-better)" isAnimationActive={false} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Tooltip formatter={(value, name) => [formatPercent(Number(value)), String(name)]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
