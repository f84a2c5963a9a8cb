import { describe, it } from "vitest";
import { gcd, probOutsideBand, probOutsideSquare } from "./ks-exact";
import { expectClose } from "#app/stats/expect-close";

// Expected values: scipy 1.10.1 private helpers, printed by scripts/reference/drift_ks.py.
describe("exact two-sample KS null distribution", () => {
  // _compute_prob_outside_square(n, h) -> [n, h, p]
  const square: [number, number, number][] = [
    [5, 2, 0.873015873015873],
    [10, 3, 0.7869297884777761],
    [50, 12, 0.11238524845512393],
    [200, 30, 0.0220923622208589],
    [1000, 40, 0.4006338815832625],
    [3000, 200, 3.214452953950123e-6],
  ];
  for (const [n, h, p] of square) {
    it(`equal sizes n=${n}, h=${h}`, () => expectClose(probOutsideSquare(n, h), p, 1e-9));
  }
  // _compute_outer_prob_inside_method(m, n, gcd, h) -> [m, n, h, p]
  const band: [number, number, number, number][] = [
    [3, 5, 7, 0.6785714285714286],
    [10, 15, 12, 0.2521145633206476],
    [40, 25, 300, 0.0],
    [137, 100, 2800, 0.013210779089107661],
    [450, 500, 4500, 3.0246312858449046e-284],
    [1000, 3000, 600, 1.0745877310980486e-26],
  ];
  for (const [m, n, h, p] of band) {
    it(`unequal sizes m=${m}, n=${n}, h=${h}`, () =>
      expectClose(probOutsideBand(m, n, gcd(m, n), h), p, 1e-9));
  }
});
