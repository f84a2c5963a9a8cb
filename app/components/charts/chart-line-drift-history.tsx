import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatShortDay } from "#app/ui/format";
import { formatStatistic } from "#app/components/model-format";

export interface DriftHistoryChartPoint {
  day: string;
  score: number | null;
}

const HEIGHT = 200;

/** A feature's drift statistic (or p-value) per day with the threshold it is judged by. */
export function DriftHistoryChart({
  points,
  threshold,
  scoreName,
  summary,
}: {
  points: DriftHistoryChartPoint[];
  threshold: number | null;
  scoreName: string;
  summary: string;
}) {
  const pValue = scoreName === "p-value";
  return (
    <div role="img" aria-label={summary} style={{ height: HEIGHT }} data-testid="drift-history-chart">
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="day" tickFormatter={formatShortDay} tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis
            scale={pValue ? "log" : "auto"}
            domain={pValue ? [1e-6, 1] : [0, "auto"]}
            allowDataOverflow={pValue}
            tickFormatter={(v: number) => formatStatistic(v)}
            tick={{ fontSize: 11 }}
            width={52}
          />
          {threshold !== null && (
            <ReferenceLine
              y={threshold}
              stroke="var(--color-worse)"
              strokeDasharray="4 4"
              ifOverflow="extendDomain"
              label={{
                value: `threshold ${formatStatistic(threshold)}`,
                fontSize: 10,
                fill: "#9a3412",
                position: "insideTopRight",
              }}
            />
          )}
          <Line
            dataKey="score"
            name={scoreName}
            stroke="var(--color-better)"
            strokeWidth={2}
            dot={points.length < 3}
            isAnimationActive={false}
          />
          <Tooltip
            labelFormatter={(day) => formatShortDay(String(day))}
            formatter={(value) => [formatStatistic(Number(value)), scoreName]}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
