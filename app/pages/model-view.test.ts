import { describe, expect, it } from "vitest";
import {
  breaches,
  calibrationCurve,
  confusionOf,
  modelHealth,
  type PerformanceStat,
  performanceSeries,
  recentValue,
  TASK_METRICS,
} from "./model-view";
import type { DriftShare } from "./model-drift-view";

const day = (d: number) => `2026-11-${String(d).padStart(2, "0")}T00:00:00.000Z`;

function perf(version: string, d: number, metric: string, value: number | null, extra = {}): PerformanceStat {
  return { version, metric, k: 0, windowStart: day(d), value, count: 100, details: null, ...extra };
}

describe("performanceSeries", () => {
  it("puts each version's value and label coverage of a day on one point, days in order", () => {
    const stats = [
      perf("v2", 2, "auc", 0.8),
      perf("v1", 1, "auc", 0.7),
      perf("v1", 1, "label_coverage", 0.9),
      perf("v1", 2, "auc", 0.65),
      perf("v1", 2, "log_loss", 0.5),
    ];
    expect(performanceSeries(stats, { metric: "auc", k: 0 }, ["v1", "v2"])).toEqual([
      { day: "2026-11-01", values: { v1: 0.7, v2: null }, coverage: { v1: 0.9, v2: null } },
      { day: "2026-11-02", values: { v1: 0.65, v2: 0.8 }, coverage: { v1: null, v2: null } },
    ]);
  });

  it("leaves out versions not shown and other cut-offs of a ranking metric", () => {
    const stats = [
      perf("v1", 1, "ndcg", 0.4, { k: 10 }),
      perf("v1", 1, "ndcg", 0.3, { k: 5 }),
      perf("v2", 1, "ndcg", 0.9),
    ];
    expect(performanceSeries(stats, { metric: "ndcg", k: 10 }, ["v1"])).toEqual([
      { day: "2026-11-01", values: { v1: 0.4 }, coverage: { v1: null } },
    ]);
  });
});

describe("recentValue and breaches", () => {
  const points = performanceSeries(
    [1, 2, 3, 4, 5].map((d) => perf("v1", d, "auc", d === 3 ? null : d / 10)),
    { metric: "auc", k: 0 },
    ["v1"],
  );

  it("averages the latest three values before today, skipping days without one", () => {
    expect(recentValue(points, "v1", "2026-11-05")).toBeCloseTo((0.1 + 0.2 + 0.4) / 3);
    expect(recentValue(points, "v1", "2026-11-02")).toBeCloseTo(0.1);
    expect(recentValue(points, "v1", "2026-11-01")).toBeNull();
    expect(recentValue(points, "v9", "2026-11-05")).toBeNull();
  });

  it("breaches below the threshold when higher is better, above it when lower is better, never without one", () => {
    const auc = TASK_METRICS.binary_classification.find((m) => m.metric === "auc");
    const ece = TASK_METRICS.binary_classification.find((m) => m.metric === "ece");
    const logLoss = TASK_METRICS.binary_classification.find((m) => m.metric === "log_loss");
    if (!auc || !ece || !logLoss) throw new Error("task metrics changed");
    expect(breaches(auc, 0.65)).toBe(true);
    expect(breaches(auc, 0.75)).toBe(false);
    expect(breaches(ece, 0.2)).toBe(true);
    expect(breaches(ece, 0.02)).toBe(false);
    expect(breaches(logLoss, 9)).toBe(false);
    expect(breaches(auc, null)).toBe(false);
  });
});

describe("calibrationCurve", () => {
  it("pools the days' reliability bins weighted by their counts", () => {
    const bin = (
      lower: number,
      count: number,
      meanPredicted: number | null,
      observedRate: number | null,
    ) => ({
      lower,
      upper: lower + 0.5,
      count,
      meanPredicted,
      observedRate,
    });
    const stats = [
      perf("v1", 1, "ece", 0.1, { details: { bins: [bin(0, 10, 0.2, 0.1), bin(0.5, 0, null, null)] } }),
      perf("v1", 2, "ece", 0.1, { details: { bins: [bin(0, 30, 0.4, 0.3), bin(0.5, 5, 0.8, 0.6)] } }),
    ];
    const curve = calibrationCurve(stats);
    expect(curve).toHaveLength(2);
    expect(curve[0]).toMatchObject({ bin: "0–0.5", count: 40 });
    expect(curve[0]?.predicted).toBeCloseTo(0.35);
    expect(curve[0]?.observed).toBeCloseTo(0.25);
    expect(curve[1]).toMatchObject({ bin: "0.5–1", count: 5, predicted: 0.8, observed: 0.6 });
  });
});

describe("confusionOf", () => {
  it("sums the days' confusion counts, and is null when no day has them", () => {
    const stats = [
      perf("v1", 1, "precision", 0.5, { details: { confusion: { tp: 1, fp: 1, tn: 5, fn: 3 } } }),
      perf("v1", 2, "precision", 0.5, { details: { confusion: { tp: 2, fp: 0, tn: 4, fn: 1 } } }),
    ];
    expect(confusionOf(stats)).toEqual({ tp: 3, fp: 1, tn: 9, fn: 4 });
    expect(confusionOf([perf("v1", 1, "precision", null)])).toBeNull();
  });
});

describe("modelHealth", () => {
  const now = new Date("2026-11-26T12:00:00Z");
  const shares: DriftShare[] = [
    { version: "v1", drifted: 1, features: 2, share: 0.5, datasetDrift: true, driftedFeatures: ["a"] },
  ];

  it("says no data, then no recent data, before judging anything", () => {
    expect(modelHealth({ lastPredictionAt: null, now, shares, breached: [] }).kind).toBe("no-data");
    expect(modelHealth({ lastPredictionAt: "2026-11-20T00:00:00Z", now, shares, breached: [] }).kind).toBe(
      "no-recent-data",
    );
  });

  it("puts a breached threshold before drift and names both", () => {
    const health = modelHealth({
      lastPredictionAt: "2026-11-26T11:00:00Z",
      now,
      shares,
      breached: [{ version: "v1", label: "ROC AUC" }],
    });
    expect(health).toEqual({
      kind: "below-threshold",
      text: "Past its threshold: ROC AUC (v1); drift in v1: 1 of 2 features (a)",
    });
  });

  it("is drifted with drift alone, healthy with neither", () => {
    const recent = "2026-11-26T11:00:00Z";
    expect(modelHealth({ lastPredictionAt: recent, now, shares, breached: [] }).kind).toBe("drifted");
    expect(modelHealth({ lastPredictionAt: recent, now, shares: [], breached: [] }).kind).toBe("healthy");
  });
});
