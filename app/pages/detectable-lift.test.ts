import { describe, expect, it } from "vitest";
import { minimumDetectableEffect } from "#app/stats/experiment/power";
import { detectableLift } from "./experiment-view";

const arm = (sums?: { n: number; sum: number; sumSquares?: number }) => ({
  variant: "v",
  units: sums?.n ?? 0,
  mean: sums ? sums.sum / sums.n : null,
  ...(sums ? { sums } : {}),
});

describe("detectableLift: what an inconclusive verdict could have detected", () => {
  it("is the engine's relative MDE at the smaller arm's units, from the control's stored rate", () => {
    const mde = detectableLift("proportion", arm({ n: 4000, sum: 400 }), arm({ n: 3900, sum: 420 }), 0.05);
    const expected = minimumDetectableEffect({ metricType: "proportion", baselineRate: 0.1 }, 3900, {
      alpha: 0.05,
      power: 0.8,
    });
    expect(expected.status).toBe("ok");
    expect(mde).toBe(expected.status === "ok" ? expected.relativeMde : Number.NaN);
    // Four times the units halve the detectable change (it shrinks with 1/√n).
    const bigger = detectableLift(
      "proportion",
      arm({ n: 16000, sum: 1600 }),
      arm({ n: 15600, sum: 1680 }),
      0.05,
    );
    expect(bigger).toBeCloseTo((mde ?? 0) / 2, 2);
  });

  it("uses the control's sample standard deviation for a mean metric", () => {
    // y ∈ {1, 3} equally often: mean 2, sample sd √(4/3 · n/(n−1))…
    const n = 1000;
    const mde = detectableLift(
      "mean",
      arm({ n, sum: 2 * n, sumSquares: 5 * n }),
      arm({ n, sum: 2 * n }),
      0.05,
    );
    const sd = Math.sqrt((5 * n - n * 4) / (n - 1));
    const expected = minimumDetectableEffect({ metricType: "mean", mean: 2, standardDeviation: sd }, n);
    expect(mde).toBe(expected.status === "ok" ? expected.relativeMde : Number.NaN);
  });

  it("says nothing where it cannot: ratio metrics, snapshots without sums, a single unit", () => {
    expect(detectableLift("ratio", arm({ n: 100, sum: 5 }), arm({ n: 100, sum: 6 }), 0.05)).toBeNull();
    expect(detectableLift("proportion", arm(), arm({ n: 100, sum: 6 }), 0.05)).toBeNull();
    expect(detectableLift("proportion", arm({ n: 1, sum: 0 }), arm({ n: 1, sum: 1 }), 0.05)).toBeNull();
  });
});
