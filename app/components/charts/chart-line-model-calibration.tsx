import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatPercent } from "#app/ui/format";

export interface CalibrationChartPoint {
  predicted: number | null;
  observed: number | null;
}

const HEIGHT = 220;

/** Reliability diagram: observed positive rate against mean predicted score per bin, diagonal = calibrated. */
export function ModelCalibrationChart({
  current,
  reference,
  summary,
}: {
  current: CalibrationChartPoint[];
  reference: CalibrationChartPoint[];
  summary: string;
}) {
  const valid = (ps: CalibrationChartPoint[]) =>
    ps.filter((p) => p.predicted !== null && p.observed !== null);
  return (
    <div role="img" aria-label={summary} style={{ height: HEIGHT }} data-testid="calibration-chart">
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <LineChart margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" />
          <XAxis
            type="number"
            dataKey="predicted"
            domain={[0, 1]}
            tickFormatter={(v: number) => formatPercent(v)}
            tick={{ fontSize: 11 }}
          />
          <YAxis
            type="number"
            dataKey="observed"
            domain={[0, 1]}
            tickFormatter={(v: number) => formatPercent(v)}
            tick={{ fontSize: 11 }}
            width={48}
          />
          <ReferenceLine
            segment={[
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ]}
            stroke="#94a3b8"
            strokeDasharray="3 3"
          />
          <Line
            data={valid(reference)}
            dataKey="observed"
            name="Reference"
            stroke="#94a3b8"
            strokeWidth={2}
            isAnimationActive={false}
          />
          <Line
            data={valid(current)}
            dataKey="observed"
            name="Latest days"
            stroke="var(--color-better)"
            strokeWidth={2}
            isAnimationActive={false}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Tooltip formatter={(value, name) => [formatPercent(Number(value)), String(name)]} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
