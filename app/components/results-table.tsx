import type { MetricGroup, ResultRow } from "#app/pages/experiment-view";
import {
  formatCount,
  formatLift,
  formatMean,
  formatPClause,
  formatPValue,
  formatPercent,
} from "#app/ui/format";
import { ForestAxis, ForestInterval } from "./forest-interval";
import { VerdictBadge } from "./verdict-badge";

const ROLE_LABEL = { primary: "primary", secondary: "secondary", guardrail: "guardrail" } as const;

interface Props {
  groups: MetricGroup[];
  engine: "frequentist" | "bayesian";
  correction: "none" | "holm" | "bh";
  cuped: boolean;
  intervalLabel: string;
}

function Evidence({
  row,
  engine,
  correction,
}: {
  row: ResultRow;
  engine: Props["engine"];
  correction: string;
}) {
  if (row.isControl) return null;
  if (engine === "bayesian") {
    return (
      <>
        {/* The column header says "Chance to win"; screen readers hear it with the number too. */}
        <div className="whitespace-nowrap font-medium">
          {formatPercent(row.chanceToWin)}
          <span className="sr-only"> chance to win</span>
        </div>
        {row.risk && (
          <div className="text-xs text-slate-500">
            risk {formatLift(row.risk.variant)} vs control {formatLift(row.risk.control)}
          </div>
        )}
      </>
    );
  }
  const adjusted = correction !== "none" && row.adjustedPValue !== null;
  return (
    <>
      <div className="whitespace-nowrap">{formatPClause(adjusted ? row.adjustedPValue : row.pValue)}</div>
      {adjusted && (
        <div className="text-xs text-slate-500">
          {correction}-adjusted; raw {formatPValue(row.pValue)}
        </div>
      )}
    </>
  );
}

/** What an inconclusive or "not enough data" verdict means at this sample size, in words. */
function Underpowered({ row }: { row: ResultRow }) {
  if (row.verdict !== "not-enough-data" && row.verdict !== "inconclusive") return null;
  const mde = row.detectableLift;
  const text =
    mde === null
      ? row.verdict === "not-enough-data"
        ? "Not enough data yet to detect a change."
        : null
      : row.verdict === "not-enough-data"
        ? `Not enough data yet to detect a change smaller than ±${formatPercent(mde)}.`
        : `A change of ±${formatPercent(mde)} or more would likely have been detected (80% power).`;
  return text && <div className="mt-1 max-w-48 text-xs text-slate-500">{text}</div>;
}

/** One row per metric and variant, primary first; the lift's interval drawn on a shared axis per metric. */
export function ResultsTable({ groups, engine, correction, cuped, intervalLabel }: Props) {
  return (
    // Focusable, so a keyboard can scroll the table where it is wider than the screen.
    <section
      aria-label="Results table"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: axe's scrollable-region-focusable asks for exactly this.
      tabIndex={0}
      className="overflow-x-auto rounded-lg border border-slate-200 bg-white"
    >
      <table className="w-full text-sm">
        <caption className="px-4 pt-3 text-left text-base font-semibold text-slate-900">Results</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
            <th scope="col" className="px-4 py-2 font-medium">
              Metric
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Variant
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Units
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Mean
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Lift
              <div className="normal-case tracking-normal">{intervalLabel}</div>
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              <span className="sr-only">Interval plot</span>
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              {engine === "bayesian" ? "Chance to win" : "p-value"}
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Verdict
            </th>
          </tr>
        </thead>
        {groups.map((group) => (
          <tbody key={group.metric} className="border-b border-slate-200 last:border-b-0">
            {group.rows.map((row, i) => (
              <tr key={row.variant} className="align-middle">
                {i === 0 && (
                  <th
                    scope="rowgroup"
                    rowSpan={group.rows.length}
                    className="min-w-40 px-4 py-2 text-left align-top font-medium"
                  >
                    <div>{group.name}</div>
                    <div className="text-xs font-normal text-slate-500">
                      {ROLE_LABEL[group.role]} · {group.type}
                      {group.higherIsBetter ? "" : " · lower is better"}
                    </div>
                    {group.capping && (
                      <div className="text-xs font-normal text-slate-500">{group.capping}</div>
                    )}
                  </th>
                )}
                <td className="px-3 py-2">
                  {row.label}
                  {row.isControl && <div className="text-xs text-slate-500">control</div>}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{formatCount(row.units)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMean(row.mean, group.type)}</td>
                <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap">
                  {row.isControl ? (
                    ""
                  ) : (
                    <>
                      <div className="font-medium">{formatLift(row.lift)}</div>
                      <div className="text-xs text-slate-500">
                        {formatLift(row.low)} … {formatLift(row.high)}
                      </div>
                    </>
                  )}
                </td>
                <td className="px-3 py-2">
                  {!row.isControl && (
                    <ForestInterval
                      lift={row.lift}
                      low={row.low}
                      high={row.high}
                      axis={group.axis}
                      verdict={row.verdict ?? "not-enough-data"}
                    />
                  )}
                  {!row.isControl && i === group.rows.length - 1 && <ForestAxis axis={group.axis} />}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">
                  <Evidence row={row} engine={engine} correction={correction} />
                  {cuped && !row.isControl && row.varianceReduction !== null && (
                    <div className="text-xs text-slate-500">
                      CUPED: −{formatPercent(row.varianceReduction)} variance
                    </div>
                  )}
                </td>
                <td className="px-4 py-2">
                  {row.verdict && <VerdictBadge kind={row.verdict} />}
                  <Underpowered row={row} />
                </td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </section>
  );
}
