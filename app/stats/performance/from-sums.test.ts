import { describe, expect, it } from "vitest";
import { rocAuc } from "./roc-auc";
import { integers, uniforms } from "#app/stats/drift/test-data";
import { aucFromRankSum, labelCoverage, logLossFromSum } from "./from-sums";

/** Σ mid-ranks of the positives, as SQL computes it with rank() and the tie-group size. */
function positiveRankSum(labels: number[], scores: number[]): number {
  const sorted = [...scores].sort((a, b) => a - b);
  const midRank = (s: number) => {
    const below = sorted.filter((x) => x < s).length;
    const ties = sorted.filter((x) => x === s).length;
    return below + 1 + (ties - 1) / 2;
  };
  return labels.reduce((sum, y, i) => sum + (y === 1 ? midRank(scores[i] ?? 0) : 0), 0);
}

describe("aucFromRankSum", () => {
  it("equals the engine's rocAuc, tied scores included", () => {
    const scores = uniforms(9, 400).map((u) => Math.round(u * 20) / 20);
    const labels = integers(10, 400, 2);
    const positives = labels.filter((y) => y === 1).length;
    const r = aucFromRankSum({
      positives,
      negatives: 400 - positives,
      positiveRankSum: positiveRankSum(labels, scores),
    });
    expect(r.auc).toBeCloseTo(rocAuc(labels, scores).auc ?? Number.NaN, 14);
  });

  it("needs both classes", () => {
    expect(aucFromRankSum({ positives: 3, negatives: 0, positiveRankSum: 6 }).status).toBe("NO_NEGATIVES");
    expect(aucFromRankSum({ positives: 0, negatives: 2, positiveRankSum: 0 }).status).toBe("NO_POSITIVES");
    expect(aucFromRankSum({ positives: 0, negatives: 0, positiveRankSum: 0 }).status).toBe("NOT_ENOUGH_DATA");
  });
});

describe("window metrics", () => {
  it("reports log loss and label coverage, null with a reason when undefined", () => {
    expect(logLossFromSum(6, 4)).toEqual({ logLoss: 1.5, status: "ok" });
    expect(logLossFromSum(0, 0)).toEqual({ logLoss: null, status: "NOT_ENOUGH_DATA" });
    expect(labelCoverage({ predictions: 8, labelled: 2 })).toMatchObject({
      metric: "label_coverage",
      value: 0.25,
      count: 8,
    });
    expect(labelCoverage({ predictions: 0, labelled: 0 })).toMatchObject({
      value: null,
      details: { labelled: 0, status: "NOT_ENOUGH_DATA" },
    });
  });
});
