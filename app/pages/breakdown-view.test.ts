import { describe, expect, it } from "vitest";
import { buildResultsDocument, type ResultsInput } from "#jobs/results-document";
import { breakdownView } from "./breakdown-view";

const arm = (n: number, sum: number) => ({ n, sum, sumSquares: sum });

/** A two-arm document with one proportion metric, broken down by platform (ios, not set, other) and country. */
function document(correction: "none" | "holm") {
  const cell = (value: string | null, kind: "value" | "unset" | "other", c: number, t: number) => ({
    value,
    kind,
    sums: [
      new Map([
        [1, arm(1000, c)],
        [2, arm(1000, t)],
      ]),
    ],
    units: new Map([
      [1, 1000],
      [2, 1000],
    ]),
  });
  const input: ResultsInput = {
    experimentKey: "x",
    asOf: new Date("2026-11-20T00:00:00Z"),
    computedAt: new Date("2026-11-20T00:00:00Z"),
    settings: { engine: "frequentist", alpha: 0.05, sequential: false, correction, cuped: false },
    variants: [
      { key: "control", id: 1, weight: 0.5 },
      { key: "treatment", id: 2, weight: 0.5 },
    ],
    metrics: [{ key: "applied", role: "primary", type: "proportion", higherIsBetter: true }],
    sums: [
      new Map([
        [1, arm(3000, 300)],
        [2, arm(3000, 390)],
      ]),
    ],
    units: new Map([
      [1, 3000],
      [2, 3000],
    ]),
    unitsPerDay: [],
    assignmentConflicts: 0,
    unassignedEvents: 0,
    outsideWindow: { assignmentsBeforeStart: 0, assignmentsAfterStop: 0, eventsAfterStop: 0 },
    breakdowns: [
      {
        dimension: "platform",
        cells: [cell("ios", "value", 100, 160), cell(null, "unset", 100, 120), cell(null, "other", 100, 110)],
      },
      { dimension: "country", cells: [cell("FR", "value", 300, 390)] },
    ],
  };
  return buildResultsDocument(input);
}

const names = new Map([["applied", "Applied"]]);
const arms = new Map([["treatment", "Ranker v2"]]);

describe("breakdownView", () => {
  it("shows the first dimension by default, naming unset and other values in words", () => {
    const view = breakdownView(document("none"), names, arms, new URLSearchParams("engine=bayesian"));
    expect(view?.dimension).toBe("platform");
    expect(view?.metrics[0]?.rows.map((r) => r.value)).toEqual(["ios", "not set", "other values"]);
    expect(view?.metrics[0]?.rows[0]).toMatchObject({
      arm: "Ranker v2",
      controlUnits: 1000,
      treatmentUnits: 1000,
    });
    // The selector keeps the page's other choices (engine, CUPED) in its links.
    expect(view?.dimensions).toEqual([
      { name: "platform", href: "?engine=bayesian&dimension=platform#breakdown", current: true },
      { name: "country", href: "?engine=bayesian&dimension=country#breakdown", current: false },
    ]);
    expect(view?.note).toMatch(/^Exploratory: 3 comparison\(s\) across 3 value\(s\) of platform/);
  });

  it("selects the dimension the query names", () => {
    const view = breakdownView(document("none"), names, arms, new URLSearchParams("dimension=country"));
    expect(view?.dimension).toBe("country");
    expect(view?.metrics[0]?.rows.map((r) => r.value)).toEqual(["FR"]);
  });

  it("shows the corrected p-value the verdict used, and says so in the heading", () => {
    const doc = document("holm");
    const view = breakdownView(doc, names, arms, new URLSearchParams());
    const stored = doc.breakdowns?.[0]?.values[0]?.metrics[0]?.variants[1];
    expect(stored?.adjustedPValue).toBeDefined();
    expect(view?.metrics[0]?.rows[0]?.pValue).toBe(stored?.adjustedPValue);
    expect(view?.pValueLabel).toBe("p-value (holm-adjusted within value)");
  });

  it("is absent when the snapshot has no breakdowns", () => {
    const doc = { ...document("none"), breakdowns: undefined };
    expect(breakdownView(doc, names, arms, new URLSearchParams())).toBeNull();
  });
});
