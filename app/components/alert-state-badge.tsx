import { IconBadge } from "#app/components/icon-badge";
import type { AlertState } from "#lib/vocabulary";

/** Each state's word and icon; colour only reinforces them. */
const STYLE: Record<AlertState, { icon: string; label: string; className: string }> = {
  firing: { icon: "⚠", label: "firing", className: "bg-orange-50 text-worse ring-orange-200" },
  pending: { icon: "…", label: "pending", className: "bg-amber-50 text-amber-900 ring-amber-300" },
  resolved: { icon: "✓", label: "resolved", className: "bg-blue-50 text-better ring-blue-200" },
  inactive: { icon: "–", label: "ok", className: "bg-slate-100 text-slate-600 ring-slate-200" },
};

/** An alert's state in a word and an icon. */
export function AlertStateBadge({ state }: { state: AlertState }) {
  const { icon, label, className } = STYLE[state];
  return <IconBadge icon={icon} word={label} className={className} />;
}
