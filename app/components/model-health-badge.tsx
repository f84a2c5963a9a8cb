import { IconBadge } from "#app/components/icon-badge";
import type { HealthKind } from "#app/pages/model-view";

const STYLE: Record<HealthKind, { icon: string; word: string; className: string }> = {
  healthy: { icon: "✓", word: "Healthy", className: "bg-blue-50 text-better ring-blue-200" },
  drifted: { icon: "⚠", word: "Drift", className: "bg-orange-50 text-worse ring-orange-200" },
  "below-threshold": {
    icon: "✗",
    word: "Below threshold",
    className: "bg-orange-50 text-worse ring-orange-200",
  },
  "no-recent-data": {
    icon: "…",
    word: "No recent data",
    className: "bg-slate-100 text-slate-600 ring-slate-200",
  },
  "no-data": { icon: "…", word: "No data", className: "bg-white text-slate-500 ring-slate-200" },
};

/** A model's health in a word and an icon; colour only reinforces it. */
export function ModelHealthBadge({ kind }: { kind: HealthKind }) {
  return <IconBadge {...STYLE[kind]} />;
}

/**
 * A drift row's status in words and icon. `withinNoise`: the distance is past its threshold but
 * its test says a sample this size could show that much with no change.
 */
export function DriftStatus({
  drifted,
  status,
  withinNoise = false,
}: {
  drifted: boolean;
  status: string;
  withinNoise?: boolean;
}) {
  if (status !== "ok" && !drifted)
    return <span className="text-xs text-slate-500">… {status.toLowerCase().replaceAll("_", " ")}</span>;
  return drifted ? (
    <span className="inline-flex items-center gap-1 font-medium text-worse">
      <span aria-hidden="true">⚠</span>Drifted
    </span>
  ) : (
    <span className="inline-flex items-center gap-1 text-slate-600">
      <span aria-hidden="true">✓</span>Stable
      {withinNoise && <span className="text-xs text-slate-500">(within sampling noise)</span>}
    </span>
  );
}
