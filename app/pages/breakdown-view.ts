/**
 * The experiment page's dimension breakdown: which dimensions the latest snapshot was broken down
 * by, and for the one selected (`?dimension=`, else the first) a row per value and treatment per
 * metric, in the words and numbers the page prints.
 */
import type { ResultsDocument } from "#lib/contracts/results";
import { type VerdictKind, verdictOf } from "#app/ui/verdict";

export interface BreakdownRow {
  /** What the value cell says: the value, "not set" or "other values". */
  value: string;
  kind: "value" | "unset" | "other";
  /** The treatment arm this row compares with the control (several arms: one row each). */
  arm: string;
  controlUnits: number;
  treatmentUnits: number;
  controlMean: number | null;
  treatmentMean: number | null;
  lift: number | null;
  low: number | null;
  high: number | null;
  pValue: number | null;
  verdict: VerdictKind;
  srmFlagged: boolean;
}

export interface BreakdownView {
  dimensions: Array<{ name: string; href: string; current: boolean }>;
  dimension: string;
  note: string;
  /** The p-value column's heading: which p-value the rows show. */
  pValueLabel: string;
  metrics: Array<{
    metric: string;
    name: string;
    type: "proportion" | "mean" | "ratio";
    rows: BreakdownRow[];
  }>;
}

/** Null when the snapshot carries no breakdown (none configured, or stored before breakdowns). */
export function breakdownView(
  results: ResultsDocument,
  metricNames: Map<string, string>,
  armLabels: Map<string, string>,
  search: URLSearchParams,
): BreakdownView | null {
  const breakdowns = results.breakdowns ?? [];
  const selected = breakdowns.find((b) => b.dimension === search.get("dimension")) ?? breakdowns[0];
  if (!selected) return null;
  const hrefFor = (dimension: string) => {
    const params = new URLSearchParams(search);
    params.set("dimension", dimension);
    return `?${params.toString()}#breakdown`;
  };
  const metrics = results.metrics.map((m, i) => ({
    metric: m.metric,
    name: metricNames.get(m.metric) ?? m.metric,
    type: m.type,
    rows: selected.values.flatMap((cell) => {
      const [control, ...treatments] = cell.metrics[i]?.variants ?? [];
      if (!control) return [];
      return treatments.map(
        (t): BreakdownRow => ({
          value:
            cell.kind === "value" ? (cell.value ?? "") : cell.kind === "unset" ? "not set" : "other values",
          kind: cell.kind,
          arm: armLabels.get(t.variant) ?? t.variant,
          controlUnits: control.units,
          treatmentUnits: t.units,
          controlMean: control.mean,
          treatmentMean: t.mean,
          lift: t.relativeLift ?? null,
          low: t.ciLow ?? null,
          high: t.ciHigh ?? null,
          // The verdict follows the corrected p-value where the experiment corrects, so the row shows that one.
          pValue: t.adjustedPValue ?? t.pValue ?? null,
          verdict: verdictOf(t),
          srmFlagged: cell.srm.flagged,
        }),
      );
    }),
  }));
  return {
    dimensions: breakdowns.map((b) => ({
      name: b.dimension,
      href: hrefFor(b.dimension),
      current: b === selected,
    })),
    dimension: selected.dimension,
    note: selected.note,
    pValueLabel:
      results.engine === "bayesian"
        ? "p-value"
        : results.settings.correction === "none"
          ? "p-value"
          : `p-value (${results.settings.correction}-adjusted within value)`,
    metrics,
  };
}
