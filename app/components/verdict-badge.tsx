import { VERDICT_LABEL, type VerdictKind } from "#app/ui/verdict";

const STYLE: Record<VerdictKind, { icon: string; className: string }> = {
  win: { icon: "✓", className: "bg-blue-50 text-better ring-blue-200" },
  loss: { icon: "✗", className: "bg-orange-50 text-worse ring-orange-200" },
  inconclusive: { icon: "–", className: "bg-slate-100 text-slate-600 ring-slate-200" },
  untrustworthy: { icon: "⚠", className: "bg-amber-50 text-amber-900 ring-amber-300" },
  "not-enough-data": { icon: "…", className: "bg-white text-slate-500 ring-slate-200" },
};

export function VerdictBadge({ kind }: { kind: VerdictKind }) {
  const { icon, className } = STYLE[kind];
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${className}`}
    >
      <span aria-hidden="true">{icon}</span>
      {VERDICT_LABEL[kind]}
    </span>
  );
}
