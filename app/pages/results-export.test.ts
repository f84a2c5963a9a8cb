import { describe, expect, it } from "vitest";
import type { MetricGroup, ResultRow } from "./experiment-view";
import { EXPORT_COLUMNS, exportRows, toCsv } from "./results-export";

const row = (overrides: Partial<ResultRow>): ResultRow => ({
  variant: "control",
  label: "Ranker v1",
  isControl: true,
  units: 4001,
  mean: 0.086,
  lift: null,
  low: null,
  high: null,
  pValue: null,
  adjustedPValue: null,
  chanceToWin: null,
  risk: null,
  varianceReduction: null,
  verdict: null,
  status: null,
  detectableLift: null,
  ...overrides,
});

const group: MetricGroup = {
  metric: "applied",
  name: 'Applied, "7 days"',
  role: "primary",
  type: "proportion",
  higherIsBetter: true,
  capping: null,
  cap: null,
  axis: { min: -0.1, max: 0.5 },
  rows: [
    row({}),
    row({
      variant: "treatment",
      label: "Ranker v2",
      isControl: false,
      units: 3999,
      mean: 0.0998,
      lift: 0.16047,
      low: -0.087,
      high: 0.408,
      pValue: 0.61,
      adjustedPValue: 0.61,
      verdict: "inconclusive",
      status: "ok",
    }),
  ],
};

describe("results export", () => {
  it("has one row per metric and variant at full precision, control first", () => {
    const rows = exportRows({ groups: [group] });
    expect(rows.map((r) => r.variant)).toEqual(["control", "treatment"]);
    expect(rows[1]).toMatchObject({
      relative_lift: 0.16047,
      ci_low: -0.087,
      ci_high: 0.408,
      verdict: "inconclusive",
    });
    expect(rows[0]?.relative_lift).toBeNull();
  });

  it("gives a capped mean metric's cap on each of its rows", () => {
    const capped = { ...group, type: "mean" as const, capping: "capped at 120", cap: 120.5 };
    expect(exportRows({ groups: [capped] }).map((r) => r.cap)).toEqual([120.5, 120.5]);
  });

  it("writes CSV with the documented header and quotes text that needs it", () => {
    const csv = toCsv(exportRows({ groups: [group] }));
    const [header, control, treatment] = csv.trimEnd().split("\r\n");
    expect(header).toBe(EXPORT_COLUMNS.join(","));
    expect(control).toBe(
      'applied,"Applied, ""7 days""",primary,proportion,,control,Ranker v1,true,4001,0.086,,,,,,,,,,,',
    );
    expect(treatment?.split(",").length).toBe(EXPORT_COLUMNS.length + 1);
  });
});
