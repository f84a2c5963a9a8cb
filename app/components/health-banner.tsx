import type { HealthProblem } from "#app/pages/experiment-health";
import { formatCount, formatPercent } from "#app/ui/format";

interface Arm {
  variant: string;
  label: string;
  units: number;
  share: number;
  expected: number;
}

/** Above the results when something makes them untrustworthy: what is wrong and what to check. */
export function HealthBanner({ problems, arms }: { problems: HealthProblem[]; arms: Arm[] }) {
  if (problems.length === 0) return null;
  return (
    <div role="alert" className="my-4 rounded-lg border border-orange-300 bg-orange-50 px-4 py-3 text-sm">
      <p className="font-semibold text-orange-900">
        <span aria-hidden="true">⚠ </span>
        These results may not be trustworthy
      </p>
      <ul className="mt-2 space-y-2">
        {problems.map((p) => (
          <li key={`${p.kind}:${p.summary}`}>
            <p className="text-slate-900">{p.summary}</p>
            {p.kind === "srm" && (
              <p className="text-slate-700 tabular-nums">
                Observed:{" "}
                {arms
                  .map(
                    (a) =>
                      `${a.label} ${formatCount(a.units)} (${formatPercent(a.share)}, expected ${formatPercent(a.expected)})`,
                  )
                  .join(" · ")}
              </p>
            )}
            {p.advice && <p className="text-slate-700">{p.advice}</p>}
          </li>
        ))}
      </ul>
    </div>
  );
}
