import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose } from "#app/stats/expect-close";
import { labels, scores, tiedScores } from "./classification.fixtures";
import { rocAuc, rocAucFromCounts } from "./roc-auc";

// Expected values: sklearn 1.2.1 roc_auc_score, printed by scripts/reference/performance_classification.py.
describe("rocAuc matches sklearn.metrics.roc_auc_score", () => {
  it("continuous scores", () => {
    const r = rocAuc(labels, scores);
    expect(r).toMatchObject({ positives: 253, negatives: 247, status: "ok" });
    expectClose(r.auc, 0.7509241330751628, 1e-12);
  });
  it("heavily tied scores (ties count ½)", () =>
    expectClose(rocAuc(labels, tiedScores).auc, 0.7493159014898145, 1e-12));
  it("from binned counts per label equals the raw value when bins are the distinct scores", () => {
    const pos = new Array<number>(21).fill(0);
    const neg = new Array<number>(21).fill(0);
    tiedScores.forEach((s, i) => {
      const b = Math.round(s * 20);
      if (labels[i] === 1) pos[b] = (pos[b] ?? 0) + 1;
      else neg[b] = (neg[b] ?? 0) + 1;
    });
    expectClose(rocAucFromCounts(pos, neg).auc, 0.7493159014898145, 1e-12);
  });
  it("accepts boolean labels", () => {
    expect(rocAuc([true, false, true], [0.9, 0.1, 0.5]).auc).toBe(1);
  });
});

describe("rocAuc edge cases", () => {
  it("needs both classes", () => {
    expect(rocAuc([1, 1], [0.2, 0.4])).toMatchObject({ auc: null, status: "NO_NEGATIVES" });
    expect(rocAuc([0, 0], [0.2, 0.4])).toMatchObject({ auc: null, status: "NO_POSITIVES" });
    expect(rocAuc([], [])).toMatchObject({ auc: null, status: "NOT_ENOUGH_DATA" });
  });
  it("rejects bad input", () => {
    expect(rocAuc([1, 2], [0.2, 0.4]).status).toBe("INVALID_INPUT");
    expect(rocAuc([1, 0], [0.2, Number.NaN]).status).toBe("INVALID_INPUT");
    expect(rocAuc([1], [0.2, 0.3]).status).toBe("INVALID_INPUT");
    expect(rocAucFromCounts([1], [1, 2]).status).toBe("INVALID_INPUT");
  });
  it("constant scores give 0.5", () => expect(rocAuc([1, 0, 1, 0], [3, 3, 3, 3]).auc).toBe(0.5));
});

describe("rocAuc properties", () => {
  const data = fc
    .array(fc.tuple(fc.constantFrom<0 | 1>(0, 1), fc.integer({ min: 0, max: 20 })), {
      minLength: 2,
      maxLength: 80,
    })
    .filter((xs) => xs.some(([y]) => y === 1) && xs.some(([y]) => y === 0));
  it("lies in [0, 1] and flipping the scores gives 1 − AUC", () => {
    fc.assert(
      fc.property(data, (xs) => {
        const y = xs.map(([l]) => l);
        const s = xs.map(([, v]) => v);
        const a = rocAuc(y, s).auc as number;
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(1);
        expect(
          rocAuc(
            y,
            s.map((v) => -v),
          ).auc as number,
        ).toBeCloseTo(1 - a, 12);
      }),
    );
  });
});
