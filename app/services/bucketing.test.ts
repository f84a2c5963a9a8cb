import { describe, expect, it } from "vitest";
import { chiSquareSurvival } from "#app/stats/distributions";
import { bucketOf, chooseVariant } from "./bucketing";

describe("deterministic bucketing", () => {
  it("gives the same variant for the same unit and salt, every time", () => {
    const weights = [0.5, 0.5];
    for (let i = 0; i < 100; i++) {
      expect(chooseVariant("salt-a", `user-${i}`, weights)).toBe(
        chooseVariant("salt-a", `user-${i}`, weights),
      );
    }
  });

  it("matches the documented hash on a published test vector", () => {
    // sha256("exp-salt:user-42") starts 5930acec = 1496362220; Python: docs/assignment.md.
    expect(bucketOf("exp-salt", "user-42")).toBe(1496362220 / 2 ** 32);
  });

  it("is uniform against the weights: chi-square over 100,000 units passes", () => {
    const weights = [0.5, 0.3, 0.2];
    const counts = [0, 0, 0];
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const v = chooseVariant("uniformity-check", `unit-${i}`, weights);
      counts[v] = (counts[v] ?? 0) + 1;
    }
    const chi2 = counts.reduce(
      (acc, c, i) => acc + (c - n * (weights[i] ?? 0)) ** 2 / (n * (weights[i] ?? 0)),
      0,
    );
    expect(chiSquareSurvival(chi2, weights.length - 1)).toBeGreaterThan(0.001);
  });

  it("keeps experiments independent: another salt reshuffles the same units", () => {
    const n = 20_000;
    // 2×2 contingency of (variant in A, variant in B); independence means each cell ≈ n/4.
    const cells = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      const a = chooseVariant("experiment-a", `u${i}`, [0.5, 0.5]);
      const b = chooseVariant("experiment-b", `u${i}`, [0.5, 0.5]);
      const cell = a * 2 + b;
      cells[cell] = (cells[cell] ?? 0) + 1;
    }
    const chi2 = cells.reduce((acc, c) => acc + (c - n / 4) ** 2 / (n / 4), 0);
    expect(chiSquareSurvival(chi2, 3)).toBeGreaterThan(0.001);
  });
});
