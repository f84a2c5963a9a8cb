import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose } from "#app/stats/expect-close";
import { bell, integers } from "./test-data";
import { normalizedWasserstein, wasserstein1 } from "./wasserstein";

// Expected values: scipy 1.10.1 stats.wasserstein_distance and np.std (ddof=0), printed by
// scripts/reference/drift_distances.py.
describe("Wasserstein-1 matches scipy.stats.wasserstein_distance", () => {
  it("continuous samples, normalised by the reference std", () => {
    const ref = bell(71, 1000);
    const cur = bell(72, 800, 0.3, 1.2);
    expectClose(wasserstein1(ref, cur), 0.31312988426713273, 1e-10);
    const r = normalizedWasserstein(ref, cur);
    expectClose(r.statistic, 0.5190244873329254, 1e-10);
    expectClose(r.referenceStd, 0.6033046453669099, 1e-12);
  });
  it("integer samples with ties", () => {
    const ref = integers(73, 50, 7);
    const cur = integers(74, 70, 7);
    expectClose(wasserstein1(ref, cur), 0.18571428571428572, 1e-12);
    expectClose(normalizedWasserstein(ref, cur).statistic, 0.09628837165353948, 1e-10);
  });
});

describe("Wasserstein edge cases", () => {
  it("constant reference: 0 when current is the same constant, ZERO_VARIANCE otherwise", () => {
    expect(normalizedWasserstein([2, 2, 2], [2, 2])).toMatchObject({ statistic: 0, status: "ok" });
    expect(normalizedWasserstein([2, 2, 2], [2, 3])).toMatchObject({
      statistic: null,
      distance: 0.5,
      status: "ZERO_VARIANCE",
    });
    expect(normalizedWasserstein([2], [2, 3]).status).toBe("ZERO_VARIANCE");
  });
  it("empty samples are NOT_ENOUGH_DATA", () => {
    expect(normalizedWasserstein([], [1]).status).toBe("NOT_ENOUGH_DATA");
    expect(normalizedWasserstein([1, 2], [Number.NaN]).statistic).toBeNull();
  });
});

describe("Wasserstein properties", () => {
  const sample = fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 50 });
  it("is ≥ 0, symmetric and 0 for identical samples", () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const w = wasserstein1(a, b);
        expect(w).toBeGreaterThanOrEqual(0);
        expect(w).toBeCloseTo(wasserstein1(b, a), 6);
        expect(wasserstein1(a, [...a].reverse())).toBe(0);
        const r = normalizedWasserstein(a, b);
        if (r.statistic !== null) expect(Number.isFinite(r.statistic)).toBe(true);
      }),
    );
  });
});
