import { describe, expect, it } from "vitest";
import { smirnovSurvival } from "./smirnov";
import { expectClose } from "#app/stats/expect-close";

// Expected values: scipy 1.10.1 special.smirnov(n, d), printed by scripts/reference/drift_ks.py.
const SMIRNOV: [number, number, number][] = [
  [2, 0.05, 0.9475],
  [2, 0.1, 0.89],
  [2, 0.3, 0.61],
  [2, 0.7, 0.09000000000000002],
  [5, 0.05, 0.9392246875],
  [5, 0.1, 0.85359],
  [5, 0.3, 0.34282],
  [5, 0.7, 0.002780000000000002],
  [20, 0.05, 0.873652490231218],
  [20, 0.1, 0.6290710188849629],
  [20, 0.3, 0.021533604376327058],
  [20, 0.7, 1.1961975204400095e-10],
  [140, 0.05, 0.4806544721283515],
  [140, 0.1, 0.05677796337203063],
  [140, 0.3, 5.685125855368654e-12],
  [140, 0.7, 1.3805974408231786e-69],
  [1000, 0.05, 0.006506037390545166],
  [1000, 0.1, 1.8518435484088554e-9],
  [1000, 0.3, 1.2953578528684224e-80],
  [1000, 0.7, 0.0],
  [5000, 0.05, 1.3261526164355594e-11],
  [5000, 0.1, 2.7952479431982295e-44],
];

describe("smirnovSurvival matches scipy.special.smirnov", () => {
  for (const [n, d, p] of SMIRNOV) {
    it(`n=${n}, d=${d}`, () => expectClose(smirnovSurvival(n, d), p, 1e-9));
  }
  it("handles the ends of the support", () => {
    expect(smirnovSurvival(10, 0)).toBe(1);
    expect(smirnovSurvival(10, 1)).toBe(0);
    expect(smirnovSurvival(1, 0.3)).toBeCloseTo(0.7, 15);
    expect(Number.isNaN(smirnovSurvival(0, 0.3))).toBe(true);
  });
});
