import { describe, expect, it } from "vitest";
import { chiSquareSurvival, phi, phiInverse, studentTCdf, studentTQuantile } from "./distributions";

// Expected values from scipy 1.10.1 (scripts/reference/distributions.py).
describe("distributions", () => {
  it("normal CDF and quantile match scipy", () => {
    expect(phi(1.96)).toBeCloseTo(0.9750021048517795, 12);
    expect(phiInverse(0.975)).toBeCloseTo(1.959963984540054, 12);
  });
  it("t CDF and quantile match scipy", () => {
    expect(studentTCdf(2.0, 7.5)).toBeCloseTo(0.9585515023509169, 10);
    expect(studentTQuantile(0.975, 12.3)).toBeCloseTo(2.1729334817559485, 8);
  });
  it("chi-square survival matches scipy", () => {
    expect(chiSquareSurvival(7.81, 3)).toBeCloseTo(0.05010605635000589, 10);
    // Far tail: 1 − CDF would give 0 here.
    expect(Math.abs(chiSquareSurvival(120, 2) / 8.756510762696494e-27 - 1)).toBeLessThan(1e-9);
    expect(chiSquareSurvival(0, 4)).toBe(1);
  });
});
