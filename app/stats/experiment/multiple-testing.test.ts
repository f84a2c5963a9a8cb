import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adjustPValues, benjaminiHochbergAdjust, holmAdjust } from "./multiple-testing";
import { expectClose } from "#app/stats/expect-close";

// Reference values: scripts/reference/experiment_multiple_testing.py
// (statsmodels.stats.multitest.multipletests, methods "holm" and "fdr_bh").
const REF = {
  mixed: {
    p: [0.01, 0.04, 0.03, 0.2, 0.005],
    holm: [0.04, 0.09, 0.09, 0.2, 0.025],
    bh: [0.024999999999999998, 0.049999999999999996, 0.049999999999999996, 0.2, 0.024999999999999998],
  },
  ties: {
    p: [0.02, 0.02, 0.5, 0.001, 0.02, 0.9],
    holm: [0.1, 0.1, 1.0, 0.006, 0.1, 1.0],
    bh: [0.030000000000000002, 0.030000000000000002, 0.6, 0.006, 0.030000000000000002, 0.9],
  },
  capped: { p: [0.4, 0.6, 0.9], holm: [1.0, 1.0, 1.0], bh: [0.9, 0.9, 0.9] },
  single: { p: [0.037], holm: [0.037], bh: [0.037] },
};

describe("multiple-testing adjustment against statsmodels", () => {
  for (const [name, ref] of Object.entries(REF)) {
    it(name, () => {
      holmAdjust(ref.p).forEach((p, i) => {
        expectClose(p, ref.holm[i] ?? Number.NaN, 1e-12);
      });
      benjaminiHochbergAdjust(ref.p).forEach((p, i) => {
        expectClose(p, ref.bh[i] ?? Number.NaN, 1e-12);
      });
    });
  }

  it("is the identity for 'none' and empty for no tests", () => {
    expect(adjustPValues([0.2, 0.01], "none")).toEqual([0.2, 0.01]);
    expect(adjustPValues([], "holm")).toEqual([]);
    expect(adjustPValues([], "bh")).toEqual([]);
  });

  it("adjusted p-values are ≥ raw, ≤ 1, and monotone in the raw order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (p) => {
          for (const method of ["holm", "bh"] as const) {
            const adjusted = adjustPValues(p, method);
            adjusted.forEach((a, i) => {
              // m·p/m may round one ulp below p, exactly as in statsmodels.
              expect(a).toBeGreaterThanOrEqual((p[i] ?? 0) * (1 - 1e-15));
              expect(a).toBeLessThanOrEqual(1);
              p.forEach((q, j) => {
                if ((p[i] ?? 0) <= q) expect(a).toBeLessThanOrEqual(adjusted[j] ?? 0);
              });
            });
          }
          // BH never rejects less than Holm.
          const holm = holmAdjust(p);
          benjaminiHochbergAdjust(p).forEach((b, i) => {
            expect(b).toBeLessThanOrEqual((holm[i] ?? 0) + 1e-15);
          });
        },
      ),
    );
  });
});
