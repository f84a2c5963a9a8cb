/** Pieces every section of the model page shares: the section frame, table cell styles, the chart placeholder. */
import type { ReactNode } from "react";

/** Same height as the chart it stands for, so nothing shifts when recharts draws in the browser. */
export const chartFallback = (height: number) => <div style={{ height }} className="rounded bg-slate-50" />;

export const cell = "px-3 py-1.5";
export const num = `${cell} text-right tabular-nums`;
export const head = "border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500";

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section className="mt-8" id={id} aria-labelledby={id ? `${id}-title` : undefined}>
      <h2 id={id ? `${id}-title` : undefined} className="mb-2">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Link to the same page with some query parameters changed. */
