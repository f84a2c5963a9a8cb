import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatShortDay } from "#app/ui/format";
import { formatMetric, versionColor } from "#app/components/model-format";

export interface PerformanceChartPoint {
  day: string;
  values: Record<string, number | null>;
  coverage: Record<string, number | null>;
}

const HEIGHT = 180;

/**
 * One metric over time: a line per version, the alert threshold dashed, and each version's label
 * coverage as a faint area on its own 0–100% axis, so a drop from missing labels shows as such.
 */
export function ModelPerformanceChart({
  title,
  points,
  versions,
  threshold,
  format,
  summary,
}: {
  title: string;
  points: PerformanceChartPoint[];
  versions: string[];
  threshold: number | null;
  format: "percent" | "number";
  summary: string;
}) {
  const data = points.map((p) => ({
    day: p.day,
    ...Object.fromEntries(versions.map((v) => [v, p.values[v]])),
    ...Object.fromEntries(versions.map((v) => [`${v} label coverage`, p.coverage[v]])),
  }));
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3">
      <figcaption className="mb-1 text-sm font-medium">{title}</figcaption>
      <div role="img" aria-label={summary} style={{ height: HEIGHT }} data-testid="performance-chart">
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="day" tickFormatter={formatShortDay} tick={{ fontSize: 11 }} minTickGap={24} />
            <YAxis
              yAxisId="metric"
              domain={format === "percent" ? [0, 1] : ["auto", "auto"]}
              tickFormatter={(v: number) => formatMetric(v, format)}
              tick={{ fontSize: 11 }}
              width={48}
            />
            <YAxis yAxisId="coverage" orientation="right" domain={[0, 4]} hide />
            {versions.map((v) => (
              <Area
                key={`${v}-coverage`}
                yAxisId="coverage"
                dataKey={`${v} label coverage`}
                stroke="none"
                fill={versionColor(versions.indexOf(v))}
                fillOpacity={0.12}
                isAnimationActive={false}
              />
            ))}
            {threshold !== null && (
              <ReferenceLine
                yAxisId="metric"
                y={threshold}
                stroke="#64748b"
                strokeDasharray="4 4"
                ifOverflow="extendDomain"
                label={{
                  value: `threshold ${formatMetric(threshold, format)}`,
                  fontSize: 10,
                  fill: "#475569",
                  position: "insideTopRight",
                }}
                data-testid="threshold-line"
              />
            )}
            {versions.map((v) => (
              <Line
                key={v}
                yAxisId="metric"
                dataKey={v}
                stroke={versionColor(versions.indexOf(v))}
                strokeWidth={2}
                dot={points.length < 3}
                connectNulls={false}
                isAnimationActive={false}
              />
            ))}
            <Tooltip
              labelFormatter={(day) => formatShortDay(String(day))}
              formatter={(value, name) => [
                String(name).endsWith("label coverage")
                  ? formatMetric(Number(value), "percent")
                  : formatMetric(Number(value), format),
                String(name),
              ]}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
