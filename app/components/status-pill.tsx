const STYLE: Record<string, string> = {
  running: "bg-blue-50 text-better ring-blue-200",
  draft: "bg-slate-100 text-slate-600 ring-slate-200",
  stopped: "bg-white text-slate-600 ring-slate-300",
};

/** An experiment's status, as its word (the API's vocabulary). */
export function StatusPill({ status }: { status: string }) {
  return (
    <span
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STYLE[status] ?? STYLE.draft}`}
    >
      {status}
    </span>
  );
}
