import { describe, expect, it } from "vitest";
import { chiSquareSurvival } from "#app/stats/distributions";
import { bucketOf, chooseVariant } from "./bucketing";

/**
 * Known assignments, computed apart from this code with Python's hashlib following
 * docs/assignment.md (its four test vectors come first): salt, unit, weights, the first 4 bytes of
 * SHA-256("<salt>:<unit>") as a big-endian uint32, and the variant index. The last four sit just
 * below and above the 0.2 and 0.5 cut points; ranker-2026/user-1 sits just below 0.1 + 0.2.
 */
const KNOWN_ASSIGNMENTS: Array<
  [salt: string, unit: string, weights: number[], uint32: number, variant: number]
> = [
  ["exp-salt", "user-42", [0.5, 0.5], 0x5930acec, 0], // bucket 0.34839897882193327
  ["exp-salt", "user-43", [0.5, 0.5], 0xd997ac05, 1], // bucket 0.8499705803114921
  ["other-salt", "user-42", [0.5, 0.5], 0x1326c31d, 0], // bucket 0.07481021364219487
  ["exp-salt", "ünït-😀", [0.5, 0.5], 0x06f66321, 0], // bucket 0.027197070652619004
  ["exp-salt", "user-42", [0.2, 0.3, 0.5], 0x5930acec, 1], // bucket 0.34839897882193327
  ["exp-salt", "user-43", [0.2, 0.3, 0.5], 0xd997ac05, 2], // bucket 0.8499705803114921
  ["other-salt", "user-42", [0.2, 0.3, 0.5], 0x1326c31d, 0], // bucket 0.07481021364219487
  ["WNGO8sYmCGHAapF_", "user-1", [0.25, 0.25, 0.25, 0.25], 0x38cfaa05, 0], // bucket 0.22191870328970253
  ["WNGO8sYmCGHAapF_", "user-0", [0.25, 0.25, 0.25, 0.25], 0x46202f30, 1], // bucket 0.27392859384417534
  ["WNGO8sYmCGHAapF_", "user-8", [0.25, 0.25, 0.25, 0.25], 0xbdbe361b, 2], // bucket 0.7411836448591202
  ["WNGO8sYmCGHAapF_", "user-5", [0.25, 0.25, 0.25, 0.25], 0xd2e9c171, 3], // bucket 0.8238793278578669
  ["ranker-2026", "user-0", [0.1, 0.2, 0.7], 0x0f1da4c9, 0], // bucket 0.05904607684351504
  ["ranker-2026", "user-1", [0.1, 0.2, 0.7], 0x4cc7b345, 1], // bucket 0.2999221843201667
  ["ranker-2026", "user-2", [0.1, 0.2, 0.7], 0xb507c738, 2], // bucket 0.7071499358862638
  ["exp-salt", "user-0", [0.9, 0.1], 0xee199cae, 1], // bucket 0.9300783085636795
  ["exp-salt", "", [0.5, 0.5], 0xba0c41f0, 1], // bucket 0.7267495356500149
  ["edge-salt", "unit-40363", [0.2, 0.3, 0.5], 0x333259b6, 0], // bucket 0.19998703664168715
  ["edge-salt", "unit-21408", [0.2, 0.3, 0.5], 0x333425a6, 1], // bucket 0.20001445105299354
  ["edge-salt", "unit-22880", [0.2, 0.3, 0.5], 0x7fff6e72, 1], // bucket 0.49999132426455617
  ["edge-salt", "unit-827", [0.2, 0.3, 0.5], 0x80006ee6, 2], // bucket 0.5000066100619733
];

describe("deterministic bucketing", () => {
  it.each(KNOWN_ASSIGNMENTS)(
    "%s / %j with weights %j: hash %i, variant %i",
    (salt, unit, weights, uint32, variant) => {
      expect(bucketOf(salt, unit)).toBe(uint32 / 2 ** 32);
      expect(chooseVariant(salt, unit, weights)).toBe(variant);
    },
  );

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
