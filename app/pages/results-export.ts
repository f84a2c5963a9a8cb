/**
 * The results table as a download: one row per metric and variant, in the table's order, at full
 * precision (the page rounds only for display). Columns are documented in docs/results-export.md.
 */
import type { ResultsView } from "./experiment-view";

export const EXPORT_COLUMNS = [
  "metric",
  "metric_name",
  "role",
  "type",
  "cap",
  "variant",
  "variant_name",
  "is_control",
  "units",
  "mean",
  "relative_lift",
  "ci_low",
  "ci_high",
  "p_value",
  "adjusted_p_value",
  "chance_to_win",
  "risk_control",
  "risk_variant",
  "variance_reduction",
  "verdict",
  "status",
] as const;

export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number | boolean | null>;

export function exportRows(results: Pick<ResultsView, "groups">): ExportRow[] {
  return results.groups.flatMap((g) =>
    g.rows.map((r) => ({
      metric: g.metric,
      metric_name: g.name,
      role: g.role,
      type: g.type,
      cap: g.cap,
      variant: r.variant,
      variant_name: r.label,
      is_control: r.isControl,
      units: r.units,
      mean: r.mean,
      relative_lift: r.isControl ? null : r.lift,
      ci_low: r.isControl ? null : r.low,
      ci_high: r.isControl ? null : r.high,
      p_value: r.pValue,
      adjusted_p_value: r.adjustedPValue,
      chance_to_win: r.chanceToWin,
      risk_control: r.risk?.control ?? null,
      risk_variant: r.risk?.variant ?? null,
      variance_reduction: r.varianceReduction,
      verdict: r.verdict,
      status: r.status,
    })),
  );
}

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV with a header row; empty cells for values that do not apply. */
export function toCsv(rows: ExportRow[]): string {
  const lines = [
    EXPORT_COLUMNS.join(","),
    ...rows.map((row) => EXPORT_COLUMNS.map((c) => csvCell(row[c])).join(",")),
  ];
  return `${lines.join("\r\n")}\r\n`;
}
