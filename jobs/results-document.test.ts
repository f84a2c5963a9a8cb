import { describe, expect, it } from "vitest";
import { buildResultsDocument, type ResultsInput } from "./results-document";

/** A 2-arm proportion experiment with the given units and conversions per arm, 50/50 configured. */
function input(units: [number, number], conversions: [number, number], conflicts = 0): ResultsInput {
  return {
    experimentKey: "demo",
    asOf: new Date("2026-01-10T00:00:00Z"),
    computedAt: new Date("2026-01-10T00:00:00Z"),
    settings: { engine: "frequentist", alpha: 0.05, sequential: false, correction: "none", cuped: false },
    variants: [
      { key: "control", id: 1, weight: 0.5 },
      { key: "treatment", id: 2, weight: 0.5 },
    ],
    metrics: [{ key: "conversion", role: "primary", type: "proportion", higherIsBetter: true }],
    sums: [
      new Map([
        [1, { n: units[0], sum: conversions[0], sumSquares: conversions[0] }],
        [2, { n: units[1], sum: conversions[1], sumSquares: conversions[1] }],
      ]),
    ],
    units: new Map([
      [1, units[0]],
      [2, units[1]],
    ]),
    unitsPerDay: [],
    assignmentConflicts: conflicts,
    unassignedEvents: 0,
    outsideWindow: { assignmentsBeforeStart: 0, assignmentsAfterStop: 0, eventsAfterStop: 0 },
  };
}

describe("results document verdicts", () => {
  it("reads better/worse only when the readout is healthy", () => {
    const doc = buildResultsDocument(input([5000, 5000], [500, 600]));
    expect(doc.health).toEqual({ trustworthy: true, reasons: [] });
    expect(doc.srm).toMatchObject({ flagged: false, status: "ok" });
    expect(doc.metrics[0]?.variants[1]).toMatchObject({ significant: true, verdict: "better" });
    expect(doc.metrics[0]?.variants[1]).not.toHaveProperty("verdictReasons");
  });

  it("marks a significant result untrustworthy under a flagged SRM, keeping the numbers and never saying status ok", () => {
    // 54/46 against a configured 50/50: p ≈ 1e-15.
    const doc = buildResultsDocument(input([5400, 4600], [540, 600]));
    expect(doc.srm.flagged).toBe(true);
    expect(doc.srm.status).toBe("flagged");
    expect(doc.health?.trustworthy).toBe(false);
    expect(doc.health?.reasons.map((r) => r.code)).toEqual(["SAMPLE_RATIO_MISMATCH"]);
    const treatment = doc.metrics[0]?.variants[1];
    expect(treatment).toMatchObject({
      significant: true,
      verdict: "untrustworthy",
      verdictReasons: ["SAMPLE_RATIO_MISMATCH"],
      status: "ok",
    });
    expect(treatment?.pValue).toBeLessThan(0.05);
    expect(treatment?.relativeLift).toBeCloseTo(600 / 4600 / 0.1 - 1, 12);
  });

  it("treats ≥ 1% of units exposed to several arms as a failed check, fewer as a warning only", () => {
    const many = buildResultsDocument(input([5000, 5000], [500, 600], 100));
    expect(many.health?.reasons.map((r) => r.code)).toEqual(["MULTIPLE_EXPOSURES"]);
    expect(many.metrics[0]?.variants[1]?.verdict).toBe("untrustworthy");
    const few = buildResultsDocument(input([5000, 5000], [500, 600], 99));
    expect(few.health?.trustworthy).toBe(true);
    expect(few.metrics[0]?.variants[1]?.verdict).toBe("better");
    expect(few.dataQuality.warnings).toEqual(["99 unit(s) were reported in more than one variant"]);
  });
});

describe("results document sums", () => {
  it("stores per arm the sums the readout consumed, with n from the assigned units", () => {
    const raw = input([5000, 5000], [500, 600]);
    // The readout takes n from the arm's assigned units, whatever n the metric's sums carry.
    raw.sums = [
      new Map([
        [1, { n: 480, sum: 500, sumSquares: 500 }],
        [2, { n: 590, sum: 600, sumSquares: 600 }],
      ]),
    ];
    const doc = buildResultsDocument(raw);
    expect(doc.metrics[0]?.variants.map((v) => v.sums)).toEqual([
      { n: 5000, sum: 500, sumSquares: 500 },
      { n: 5000, sum: 600, sumSquares: 600 },
    ]);
  });
});
