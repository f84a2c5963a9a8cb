/**
 * A drift score's course over the range as a tiny inline SVG, drawn on the server too (it sits in
 * a table row). p-values are drawn as −log₁₀ p so "up" always means "more drift"; the dashed line
 * is the threshold, orange dots the drifted days.
 */
const W = 96;
const H = 20;

export function DriftSparkline({
  points,
  threshold,
  pValue,
}: {
  points: Array<{ score: number | null; drifted: boolean }>;
  threshold: number | null;
  pValue: boolean;
}) {
  const y = (v: number) => (pValue ? -Math.log10(Math.max(v, 1e-12)) : v);
  const values = points.map((p) => (p.score === null ? null : y(p.score)));
  const limit = threshold === null ? null : y(threshold);
  const max = Math.max(...values.filter((v): v is number => v !== null), limit ?? 0, 1e-9);
  const px = (i: number) => (points.length <= 1 ? W / 2 : (i / (points.length - 1)) * (W - 4) + 2);
  const py = (v: number) => H - 2 - (Math.min(v, max) / max) * (H - 4);
  const path = values
    .map((v, i) => (v === null ? null : `${px(i).toFixed(1)},${py(v).toFixed(1)}`))
    .filter((p) => p !== null)
    .join(" ");
  return (
    <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-hidden="true" className="inline-block">
      {limit !== null && (
        <line
          x1={0}
          x2={W}
          y1={py(limit)}
          y2={py(limit)}
          stroke="#94a3b8"
          strokeDasharray="2 2"
          strokeWidth={1}
        />
      )}
      <polyline points={path} fill="none" stroke="var(--color-better)" strokeWidth={1.5} />
      {values.map((v, i) =>
        v !== null && points[i]?.drifted ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: points are positional
          <circle key={i} cx={px(i)} cy={py(v)} r={1.8} fill="var(--color-worse)" />
        ) : null,
      )}
    </svg>
  );
}
