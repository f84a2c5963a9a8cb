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
import { formatLift, formatShortDay } from "#app/ui/format";

export interface CumulativeLiftPoint {
  day: string;
  lift: number | null;
  low: number | null;
  high: number | null;
}

const HEIGHT = 220;

/**
 * A symmetric y range around zero, wide enough for the latest interval 2.5 times over: the first
 * days' intervals are so wide that fitting them would flatten the line where it matters. Wider
 * bands run off the chart's edge, which is what they mean: nothing is known yet.
 */
function liftDomain(last: CumulativeLiftPoint | undefined): [number, number] | undefined {
  if (!last || last.low === null || last.high === null) return undefined;
  const reach = Math.max(0.05, 2.5 * Math.max(Math.abs(last.low), Math.abs(last.high)));
  const step = 10 ** Math.floor(Math.log10(reach));
  const nice = (Math.ceil((reach / step) * 2) / 2) * step;
  return [-nice, nice];
}

/**
 * Cumulative lift over time with its interval as a band and the zero line; it narrows as data
 * accrues. Drawn on the client (recharts renders no SVG on the server) in a fixed-height box.
 */
export function CumulativeLiftChart({ title, points }: { title: string; points: CumulativeLiftPoint[] }) {
  const data = points.map((p) => ({
    day: p.day,
    lift: p.lift,
    band: p.low !== null && p.high !== null ? [p.low, p.high] : null,
  }));
  const last = points.at(-1);
  const domain = liftDomain(last);
  const summary = last
    ? `${title}: cumulative lift ${formatLift(last.lift)} (${formatLift(last.low)} to ${formatLift(last.high)}) on ${formatShortDay(last.day)}, ${points.length} snapshots`
    : `${title}: no snapshots yet`;
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3">
      <figcaption className="mb-1 text-sm font-medium">{title}</figcaption>
      <div role="img" aria-label={summary} style={{ height: HEIGHT }} data-testid="lift-chart">
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="day" tickFormatter={formatShortDay} tick={{ fontSize: 11 }} minTickGap={24} />
            <YAxis
              tickFormatter={(v: number) => formatLift(v)}
              tick={{ fontSize: 11 }}
              width={56}
              domain={domain ?? ["auto", "auto"]}
              allowDataOverflow={domain !== undefined}
              ticks={domain && [domain[0], domain[0] / 2, 0, domain[1] / 2, domain[1]]}
            />
            <ReferenceLine y={0} stroke="#64748b" strokeDasharray="3 3" />
            <Area
              dataKey="band"
              stroke="none"
              fill="var(--color-better)"
              fillOpacity={0.15}
              isAnimationActive={false}
            />
            <Line
              dataKey="lift"
              stroke="var(--color-better)"
              strokeWidth={2}
              dot={points.length < 3}
              isAnimationActive={false}
            />
            <Tooltip
              labelFormatter={(day) => formatShortDay(String(day))}
              formatter={(value, name) =>
                Array.isArray(value)
                  ? [`${formatLift(Number(value[0]))} … ${formatLift(Number(value[1]))}`, "interval"]
                  : [formatLift(Number(value)), String(name)]
              }
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
