import { formatLift } from "#app/ui/format";
import type { VerdictKind } from "#app/ui/verdict";

const WIDTH = 150;
const HEIGHT = 22;
const TONE: Record<VerdictKind, string> = {
  win: "var(--color-better)",
  loss: "var(--color-worse)",
  inconclusive: "var(--color-neutral)",
  untrustworthy: "var(--color-neutral)",
  "not-enough-data": "var(--color-neutral)",
};

/**
 * One row of the forest plot: the interval as a bar and the estimate as a dot on an axis shared by
 * the rows of a metric, with the zero line. Plain SVG, so it is in the server's HTML.
 */
export function ForestInterval({
  lift,
  low,
  high,
  axis,
  verdict,
}: {
  lift: number | null;
  low: number | null;
  high: number | null;
  axis: { min: number; max: number };
  verdict: VerdictKind;
}) {
  const x = (value: number) => ((value - axis.min) / (axis.max - axis.min)) * WIDTH;
  const label =
    lift === null
      ? "No estimate yet"
      : `Lift ${formatLift(lift)}, interval ${formatLift(low)} to ${formatLift(high)}`;
  return (
    <svg
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
      className="block"
      data-testid="interval-bar"
    >
      <line x1={x(0)} x2={x(0)} y1={0} y2={HEIGHT} stroke="#94a3b8" strokeDasharray="2 2" />
      {low !== null && high !== null && (
        <rect
          x={x(low)}
          y={HEIGHT / 2 - 3}
          width={Math.max(1, x(high) - x(low))}
          height={6}
          rx={3}
          fill={TONE[verdict]}
          opacity={0.35}
        />
      )}
      {lift !== null && <circle cx={x(lift)} cy={HEIGHT / 2} r={4} fill={TONE[verdict]} />}
    </svg>
  );
}

/** The shared axis's ends and its zero, printed under the plot column where the plot draws them. */
export function ForestAxis({ axis }: { axis: { min: number; max: number } }) {
  const zero = ((0 - axis.min) / (axis.max - axis.min)) * 100;
  return (
    <div className="relative h-4 text-[11px] text-slate-500 tabular-nums" style={{ width: WIDTH }}>
      <span className="absolute left-0">{formatLift(axis.min)}</span>
      {zero > 25 && zero < 75 && (
        <span className="absolute -translate-x-1/2" style={{ left: `${zero}%` }}>
          0
        </span>
      )}
      <span className="absolute right-0">{formatLift(axis.max)}</span>
    </div>
  );
}
