import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  binCounts,
  binIndex,
  edgesFromQuantiles,
  quantileLevels,
  quantileSorted,
  referenceQuantileEdges,
} from "./histogram";
import { numericHistograms } from "./numeric-histogram";
import { expectClose } from "#app/stats/expect-close";
import { bell } from "./test-data";

// Expected values: numpy 1.24 np.quantile / np.unique / np.searchsorted, printed by
// scripts/reference/drift_distances.py.
describe("reference-quantile binning", () => {
  const ref = bell(51, 2000);
  const sorted = [...ref].sort((a, b) => a - b);
  it("quantiles match numpy.quantile (linear)", () => {
    expectClose(quantileSorted(sorted, 0.05), -0.97925177346915, 1e-14);
    expectClose(quantileSorted(sorted, 0.5), 0.00805282685905695, 1e-14);
    expectClose(quantileSorted(sorted, 0.95), 1.00513201598078, 1e-14);
  });
  it("edges match np.unique(np.quantile(ref, linspace(0, 1, 11)[1:-1]))", () => {
    const expected = [
      -0.7687617605552077, -0.49272573720663787, -0.3169839462265372, -0.15512536745518446,
      0.00805282685905695, 0.16801226679235703, 0.3336165340617299, 0.5225944431498648, 0.7941901074722411,
    ];
    const edges = referenceQuantileEdges(sorted);
    expect(edges).toHaveLength(expected.length);
    for (const [i, e] of edges.entries()) expectClose(e, expected[i] ?? 0, 1e-14);
  });
  it("counts match np.searchsorted(edges, x, 'right') with a trailing missing bin", () => {
    const h = numericHistograms(ref, bell(52, 1500, 0.2, 1.1));
    expect(h.reference).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 0]);
    expect(h.current).toEqual([103, 119, 105, 114, 132, 135, 161, 137, 207, 287, 0]);
  });
  it("outer bins are open: values beyond the reference range land in the end bins", () => {
    const edges = [1, 2, 3];
    expect(binCounts([-1e9, 0.5, 1, 2.5, 3, 1e9], edges)).toEqual([2, 1, 1, 2]);
    expect(binIndex(edges, 3)).toBe(3);
    expect(binIndex(edges, 2.999)).toBe(2);
  });
  it("duplicate quantiles collapse (constant reference gives a single edge)", () => {
    expect(referenceQuantileEdges([5, 5, 5, 5])).toEqual([5]);
    expect(edgesFromQuantiles([3, 1, 1, Number.NaN, 2, 3])).toEqual([1, 2, 3]);
    expect(referenceQuantileEdges([])).toEqual([]);
  });
  it("quantile levels are numpy's linspace(0, 1, bins + 1)[1:-1]", () => {
    expect(quantileLevels(10)[2]).toBe(0.30000000000000004);
    expect(quantileLevels(4)).toEqual([0.25, 0.5, 0.75]);
    expect(quantileLevels(1)).toEqual([]);
  });
  it("quantile of an empty sample or invalid level is null", () => {
    expect(quantileSorted([], 0.5)).toBeNull();
    expect(quantileSorted([1], 1.5)).toBeNull();
  });
  it("edges are sorted and unique; every value falls in exactly one bin", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 1, max: 20 }),
        (xs, bins) => {
          const edges = referenceQuantileEdges(
            [...xs].sort((a, b) => a - b),
            bins,
          );
          for (let i = 1; i < edges.length; i++) expect(edges[i] ?? 0).toBeGreaterThan(edges[i - 1] ?? 0);
          expect(edges.length).toBeLessThanOrEqual(bins - 1);
          expect(binCounts(xs, edges).reduce((s, c) => s + c, 0)).toBe(xs.length);
        },
      ),
    );
  });
});
