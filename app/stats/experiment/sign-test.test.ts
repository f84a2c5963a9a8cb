import { describe, expect, it } from "vitest";
import { signTestPValue } from "./sign-test";
import { expectClose } from "#app/stats/expect-close";

// Reference values: scripts/reference/experiment_interleaving.py (scipy.stats.binomtest(k, n, 0.5).pvalue).
const REF: [number, number, number][] = [
  [60, 100, 0.05688793364098088],
  [10, 20, 1.0],
  [0, 7, 0.015625],
  [530, 1000, 0.06202319509836348],
  [3, 4, 0.625],
  [1, 1, 1.0],
];

describe("two-sided sign test", () => {
  for (const [k, n, p] of REF) {
    it(`k = ${k}, n = ${n} matches scipy.stats.binomtest`, () => {
      expectClose(signTestPValue(k, n), p, 1e-9);
    });
  }

  it("is symmetric in successes and failures", () => {
    expect(signTestPValue(40, 100)).toBe(signTestPValue(60, 100));
  });

  it("declines when there are no decisive trials or the counts are invalid", () => {
    expect(signTestPValue(0, 0)).toBeNull();
    expect(signTestPValue(5, 3)).toBeNull();
    expect(signTestPValue(1.5, 3)).toBeNull();
  });
});
