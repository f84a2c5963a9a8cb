import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose } from "#app/stats/expect-close";
import { brierScore, brierScoreFromSums } from "./brier";
import { labels, scores, tiedScores } from "./classification.fixtures";

// Expected values: sklearn 1.2.1 brier_score_loss, printed by scripts/reference/performance_classification.py.
describe("brierScore matches sklearn.metrics.brier_score_loss", () => {
  it("raw", () => {
    expectClose(brierScore(labels, scores).brier, 0.20692090908287997, 1e-12);
    expectClose(brierScore(labels, tiedScores).brier, 0.20845, 1e-12);
  });
  it("from sufficient statistics", () => {
    let sumP2 = 0;
    let sumPY = 0;
    let sumY = 0;
    scores.forEach((p, i) => {
      sumP2 += p * p;
      sumPY += p * (labels[i] ?? 0);
      sumY += labels[i] ?? 0;
    });
    expectClose(
      brierScoreFromSums({ n: scores.length, sumP2, sumPY, sumY }).brier,
      0.20692090908287997,
      1e-10,
    );
  });
  it("degenerate input", () => {
    expect(brierScoreFromSums({ n: 0, sumP2: 0, sumPY: 0, sumY: 0 })).toEqual({
      brier: null,
      status: "NOT_ENOUGH_DATA",
    });
    expect(brierScore([0, 1], [0.5]).status).toBe("INVALID_INPUT");
  });
  it("raw and sufficient-statistics versions agree and lie in [0, 1]", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom<0 | 1>(0, 1), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 1,
        }),
        (xs) => {
          const raw = brierScore(
            xs.map(([y]) => y),
            xs.map(([, p]) => p),
          ).brier as number;
          const sums = xs.reduce(
            (s, [y, p]) => ({ n: s.n + 1, sumP2: s.sumP2 + p * p, sumPY: s.sumPY + p * y, sumY: s.sumY + y }),
            {
              n: 0,
              sumP2: 0,
              sumPY: 0,
              sumY: 0,
            },
          );
          expect(raw).toBeGreaterThanOrEqual(0);
          expect(raw).toBeLessThanOrEqual(1);
          expect(brierScoreFromSums(sums).brier as number).toBeCloseTo(raw, 10);
        },
      ),
    );
  });
});
