import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatShortDay } from "#app/ui/format";

const HEIGHT = 220;
const COLOURS = ["#94a3b8", "#1f6fd1", "#d9730d", "#7c3aed", "#0f766e"];

/** New units per variant per day, grouped bars; legends name arms as the results table does. */
export function UnitsPerDayChart({
  days,
  arms,
}: {
  days: Array<{ day: string } & Record<string, number | string>>;
  arms: Array<{ key: string; label: string }>;
}) {
  const totals = arms.map(
    (a) => `${a.label} ${formatCount(days.reduce((s, d) => s + Number(d[a.key] ?? 0), 0))}`,
  );
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3">
      <figcaption className="mb-1 text-sm font-medium">Units per variant per day</figcaption>
      <div
        role="img"
        aria-label={`New units per day over ${days.length} days; totals: ${totals.join(", ")}`}
        style={{ height: HEIGHT }}
        data-testid="units-chart"
      >
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={days} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="day" tickFormatter={formatShortDay} tick={{ fontSize: 11 }} minTickGap={24} />
            <YAxis tickFormatter={(v: number) => formatCount(v)} tick={{ fontSize: 11 }} width={56} />
            <Tooltip
              labelFormatter={(day) => formatShortDay(String(day))}
              formatter={(v) => formatCount(Number(v))}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {arms.map((arm, i) => (
              <Bar
                key={arm.key}
                dataKey={arm.key}
                name={arm.label}
                fill={COLOURS[i % COLOURS.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
