import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ksStatistic } from "./ks";
import { DRIFT_SHAPES, type DriftShape, driftShape, referenceCellEdges, valueCellsOf } from "./test-data";
import {
  ksFromCells,
  ksStatisticFromCells,
  type ValueCells,
  wasserstein1FromCells,
  wassersteinFromCells,
} from "./value-cells";
import { wasserstein1 } from "./wasserstein";

function compare(reference: number[], current: number[]) {
  const sortedRef = [...reference].sort((a, b) => a - b);
  const sortedCur = [...current].sort((a, b) => a - b);
  const edges = referenceCellEdges(reference);
  const r = valueCellsOf(reference, edges);
  const c = valueCellsOf(current, edges);
  return {
    w: wasserstein1FromCells(edges, r, c) ?? Number.NaN,
    exactW: wasserstein1(reference, current),
    d: ksStatisticFromCells(edges, r, c) ?? Number.NaN,
    exactD: ksStatistic(sortedRef, sortedCur),
    edges,
    r,
    c,
  };
}

const SHIFTS: Record<DriftShape, number[]> = {
  normal: [0, 0.05, 1.25],
  lognormal: [0, 0.05, 0.625],
  student2: [0, 0.05, 0.625],
  cauchy: [0, 0.05, 0.625],
  discrete: [0, 0.05, 0.5],
  constant: [0, 0.25],
};

// The raw wasserstein1 and ksStatistic match scipy (wasserstein.test.ts, ks.test.ts), so they stand in for it here.
describe("W₁ and KS D from reference-quantile cells agree with the raw statistics", () => {
  for (const shape of DRIFT_SHAPES) {
    it(`${shape}: W₁ within 1% relative, D within 0.001 below the exact D`, () => {
      const reference = driftShape(shape, 101, 20_000);
      for (const [i, shift] of (SHIFTS[shape] ?? []).entries()) {
        const current = driftShape(shape, 202 + i, 12_000, shift);
        const { w, exactW, d, exactD } = compare(reference, current);
        if (exactW === 0) expect(w).toBe(0);
        else expect(Math.abs(w / exactW - 1), `${shape} +${shift}: ${w} vs ${exactW}`).toBeLessThan(0.01);
        expect(d).toBeLessThanOrEqual(exactD + 1e-12);
        expect(exactD - d, `${shape} +${shift}`).toBeLessThan(0.001);
      }
    });
  }

  it("is exact for data with few distinct values (every cell holds one value of each sample)", () => {
    const reference = driftShape("discrete", 7, 5000);
    const current = driftShape("discrete", 8, 3000, 0.3);
    const { w, exactW, d, exactD } = compare(reference, current);
    expect(w).toBeCloseTo(exactW, 12);
    expect(d).toBeCloseTo(exactD, 12);
  });

  it("is exact when a sample has at most two values per cell", () => {
    const reference = [1, 2, 3, 4, 5, 6, 7, 8];
    const current = [0.5, 2.5, 2.7, 9, 12];
    const { w, exactW, d, exactD } = compare(reference, current);
    expect(w).toBeCloseTo(exactW, 12);
    expect(d).toBeCloseTo(exactD, 12);
  });

  it("a constant that moves is D = 1 and W₁ = the move, with ZERO_VARIANCE once normalised", () => {
    const { edges, r, c, w, d } = compare([3, 3, 3], [3.5, 3.5]);
    expect(w).toBeCloseTo(0.5, 12);
    expect(d).toBe(1);
    expect(wassersteinFromCells(edges, r, c, 0)).toMatchObject({ statistic: null, status: "ZERO_VARIANCE" });
    expect(ksFromCells(edges, r, c)).toMatchObject({ statistic: 1, status: "ok" });
  });

  it("refuses cells that do not fit the edges, and empty samples", () => {
    const edges = [1, 2];
    const empty: ValueCells = {
      count: [0, 0, 0],
      sum: [0, 0, 0],
      m2: [0, 0, 0],
      min: [null, null, null],
      max: [null, null, null],
    };
    const one: ValueCells = {
      count: [0, 1, 0],
      sum: [0, 1, 0],
      m2: [0, 0, 0],
      min: [null, 1, null],
      max: [null, 1, null],
    };
    expect(wasserstein1FromCells(edges, one, empty)).toBeNull();
    expect(wasserstein1FromCells([1], one, one)).toBeNull();
    expect(ksFromCells(edges, one, empty).status).toBe("INVALID_INPUT");
  });
});

describe("cells properties", () => {
  const sample = fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 60 });
  it("D is a lower bound of the exact D, short by at most one cell's reference mass; W₁ ≥ 0 and 0 on identical samples", () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const { d, exactD, w } = compare(a, b);
        // With ≤ 60 values against ≈ 2,200 levels each reference cell holds one distinct value.
        const cellMass = Math.max(...[...new Set(a)].map((x) => a.filter((y) => y === x).length)) / a.length;
        expect(d).toBeLessThanOrEqual(exactD + 1e-12);
        expect(exactD - d).toBeLessThanOrEqual(cellMass + 1e-12);
        expect(w).toBeGreaterThanOrEqual(0);
        expect(compare(a, [...a].reverse()).w).toBeCloseTo(0, 9);
      }),
    );
  });
});
