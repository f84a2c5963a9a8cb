import { describe, expect, it } from "vitest";
import {
  distributionOf,
  type DriftStat,
  driftHistory,
  driftSeverity,
  driftShares,
  driftTable,
  withinNoise,
} from "./model-drift-view";

const day = (d: number) => `2026-11-${String(d).padStart(2, "0")}T00:00:00.000Z`;

function drift(version: string, d: number, feature: string, over: Partial<DriftStat> = {}): DriftStat {
  return {
    version,
    feature,
    kind: "feature",
    windowStart: day(d),
    method: "wasserstein",
    statistic: 0.05,
    pValue: null,
    threshold: 0.1,
    drifted: false,
    currentCount: 100,
    status: "ok",
    ...over,
  };
}

describe("driftSeverity", () => {
  it("is distance over threshold for distances and log p over log threshold for tests", () => {
    expect(driftSeverity({ method: "psi", statistic: 0.3, pValue: null, threshold: 0.1 })).toBeCloseTo(3);
    expect(driftSeverity({ method: "ks", statistic: 0.2, pValue: 0.0025, threshold: 0.05 })).toBeCloseTo(2);
    expect(driftSeverity({ method: "ks", statistic: 0.2, pValue: null, threshold: 0.05 })).toBe(-1);
  });
});

describe("driftTable", () => {
  const stats = [
    drift("v1", 1, "a", { statistic: 0.02 }),
    drift("v1", 2, "a", { statistic: 0.5, drifted: true }),
    drift("v1", 1, "b", { statistic: 0.3, drifted: true }),
    drift("v1", 2, "b", { statistic: 0.2, drifted: true }),
    drift("v1", 1, "c", { statistic: 0.09 }),
    drift("v1", 2, "c", { statistic: null, currentCount: 0, status: "NOT_ENOUGH_DATA" }),
    drift("v1", 2, "d", { method: "ks", statistic: 0.1, pValue: 0.2, threshold: 0.05 }),
  ];

  it("sorts drifted rows first, each by how far past its threshold, and keeps the history in day order", () => {
    const rows = driftTable(stats, "2026-11-30");
    expect(rows.map((r) => [r.feature, r.drifted])).toEqual([
      ["a", true],
      ["b", true],
      ["c", false],
      ["d", false],
    ]);
    expect(rows[0]?.history).toEqual([
      { day: "2026-11-01", score: 0.02, drifted: false },
      { day: "2026-11-02", score: 0.5, drifted: true },
    ]);
  });

  it("judges a feature by its latest window with data, and a test by its p-value", () => {
    const rows = driftTable(stats, "2026-11-30");
    const c = rows.find((r) => r.feature === "c");
    expect(c).toMatchObject({ day: "2026-11-01", score: 0.09, status: "ok" });
    expect(rows.find((r) => r.feature === "d")).toMatchObject({ scoreName: "p-value", score: 0.2 });
  });
});

describe("driftTable on a day still in progress", () => {
  it("judges by the latest complete day, and by today only when there is nothing else", () => {
    const stats = [
      drift("v1", 4, "a", { statistic: 0.05 }),
      drift("v1", 5, "a", { statistic: 0.3, drifted: true, currentCount: 12 }),
      drift("v1", 5, "new", { statistic: 0.3, drifted: true, currentCount: 12 }),
    ];
    const rows = driftTable(stats, "2026-11-05");
    expect(rows.find((r) => r.feature === "a")).toMatchObject({ day: "2026-11-04", drifted: false });
    expect(rows.find((r) => r.feature === "new")).toMatchObject({ day: "2026-11-05", drifted: true });
  });
  it("judges by the latest complete day that answered: yesterday's thin label window gives way to the day before", () => {
    const stats = [
      drift("v1", 3, "label", { kind: "label", statistic: 0.02 }),
      drift("v1", 4, "label", {
        kind: "label",
        statistic: null,
        status: "NOT_ENOUGH_DATA",
        currentCount: 70,
      }),
      drift("v1", 3, "thin", { statistic: null, status: "NOT_ENOUGH_DATA", currentCount: 40 }),
    ];
    const rows = driftTable(stats, "2026-11-05");
    expect(rows.find((r) => r.feature === "label")).toMatchObject({ day: "2026-11-03", status: "ok" });
    expect(rows.find((r) => r.feature === "thin")).toMatchObject({
      day: "2026-11-03",
      status: "NOT_ENOUGH_DATA",
    });
  });
});

describe("driftShares", () => {
  it("counts input features only and calls dataset drift at half of them", () => {
    const rows = driftTable(
      [
        drift("v1", 1, "a", { drifted: true }),
        drift("v1", 1, "b"),
        drift("v1", 1, "score", { kind: "score", drifted: true }),
        drift("v2", 1, "a"),
      ],
      "2026-11-30",
    );
    expect(driftShares(rows, ["v1", "v2", "v3"])).toEqual([
      { version: "v1", drifted: 1, features: 2, share: 0.5, datasetDrift: true, driftedFeatures: ["a"] },
      { version: "v2", drifted: 0, features: 1, share: 0, datasetDrift: false, driftedFeatures: [] },
      { version: "v3", drifted: 0, features: 0, share: null, datasetDrift: false, driftedFeatures: [] },
    ]);
  });
});

describe("driftHistory", () => {
  it("gives one subject's score and threshold per day for one version", () => {
    const stats = [
      drift("v1", 2, "a", { method: "chi-square", pValue: 0.01, threshold: 0.05, drifted: true }),
      drift("v1", 1, "a", { method: "chi-square", pValue: 0.5, threshold: 0.05 }),
      drift("v2", 1, "a"),
      drift("v1", 1, "a", { kind: "score" }),
    ];
    expect(driftHistory(stats, "v1", "feature", "a")).toEqual([
      { day: "2026-11-01", score: 0.5, threshold: 0.05, drifted: false },
      { day: "2026-11-02", score: 0.01, threshold: 0.05, drifted: true },
    ]);
  });
});

describe("distributionOf", () => {
  it("labels numeric bins by their edges and gives each side's shares with missing apart", () => {
    const d = distributionOf({
      reference: { counts: [2, 6, 2], missing: 0, edges: [1, 2.5], min: 0, max: 3 },
      current: { counts: [0, 2, 6], missing: 2, min: 0, max: 9 },
    });
    expect(d).toEqual({
      bins: [
        { label: "< 1", reference: 0.2, current: 0 },
        { label: "1–2.5", reference: 0.6, current: 0.25 },
        { label: "≥ 2.5", reference: 0.2, current: 0.75 },
      ],
      missing: { reference: 0, current: 0.2 },
      counts: { reference: 10, current: 10 },
    });
  });

  it("names categories, and drops an empty 'other' slot", () => {
    const d = distributionOf({
      reference: { counts: [3, 1, 0], missing: 0, categories: ["paris", "berlin"] },
      current: { counts: [1, 1, 0], missing: 0 },
    });
    expect(d?.bins.map((b) => b.label)).toEqual(["paris", "berlin"]);
    const withOther = distributionOf({
      reference: { counts: [3, 1, 0], missing: 0, categories: ["paris", "berlin"] },
      current: { counts: [1, 1, 2], missing: 0 },
    });
    expect(withOther?.bins.at(-1)).toEqual({ label: "other", reference: 0, current: 0.5 });
  });

  it("is null for details without histograms", () => {
    expect(distributionOf(null)).toBeNull();
    expect(distributionOf({ reference: {} })).toBeNull();
  });
});

describe("withinNoise", () => {
  it("marks a distance past its threshold that was not called drift, and nothing else", () => {
    expect(withinNoise(drift("v1", 1, "a", { statistic: 0.14, pValue: 0.3 }))).toBe(true);
    expect(withinNoise(drift("v1", 1, "a", { statistic: 0.14, pValue: 0.01, drifted: true }))).toBe(false);
    expect(withinNoise(drift("v1", 1, "a", { statistic: 0.05, pValue: 0.9 }))).toBe(false);
    expect(withinNoise(drift("v1", 1, "a", { statistic: 0.14, status: "NOT_ENOUGH_DATA" }))).toBe(false);
    expect(
      withinNoise(drift("v1", 1, "a", { method: "ks", statistic: 0.3, pValue: 0.3, threshold: 0.05 })),
    ).toBe(false);
  });
});
