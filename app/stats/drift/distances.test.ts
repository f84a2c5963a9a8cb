import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chiSquare, chiSquareFromCounts } from "./chi-square";
import { hellinger, hellingerFromCounts } from "./hellinger";
import { jensenShannon, jensenShannonFromCounts } from "./jensen-shannon";
import { alignCategories, categoryCounts } from "./missing";
import { psi, psiFromCounts } from "./psi";
import { expectClose } from "#app/stats/expect-close";
import { bell, integers } from "./test-data";
import type { FeatureValue } from "./types";

// Expected values: scripts/reference/drift_distances.py (numpy 1.24, scipy 1.10.1:
// spatial.distance.jensenshannon (natural log, its default), stats.chisquare; PSI and Hellinger from their formulas).
const withMissing = (xs: number[], every: number): FeatureValue[] =>
  xs.map((x, i) => (i % every === 0 ? Number.NaN : x));

describe("histogram drift methods match the reference script", () => {
  it("numeric, 10 reference-quantile bins", () => {
    const ref = bell(51, 2000);
    const cur = bell(52, 1500, 0.2, 1.1);
    expectClose(psi(ref, cur).statistic, 0.10924248255905719, 1e-10);
    expectClose(jensenShannon(ref, cur).statistic, 0.11619666866306975, 1e-10);
    expectClose(hellinger(ref, cur).statistic, 0.11652377004689878, 1e-10);
    const chi = chiSquare(ref, cur);
    expectClose(chi.statistic, 195.65333333333334, 1e-10);
    expect(chi.degreesOfFreedom).toBe(9);
    // True p = 2.7e-37; chiSquareSurvival is 1 − CDF, so p-values below ~1e-16 come out as 0.
    expect(chi.pValue).toBeLessThan(1e-15);
  });
  it("numeric with missing values (missing bin)", () => {
    const ref = withMissing(bell(51, 2000), 17);
    const cur = withMissing(bell(52, 1500, 0.2, 1.1), 9);
    expectClose(psi(ref, cur).statistic, 0.13315224916194177, 1e-10);
    expectClose(jensenShannon(ref, cur).statistic, 0.12829425578019166, 1e-10);
    expectClose(hellinger(ref, cur).statistic, 0.12865048012405028, 1e-10);
    expectClose(chiSquare(ref, cur).statistic, 236.79158183822204, 1e-10);
  });
  it("numeric, 5 bins, moderate p-value", () => {
    const ref = bell(53, 300);
    const cur = bell(54, 200);
    expectClose(psi(ref, cur, { bins: 5 }).statistic, 0.05244352298793668, 1e-10);
    expectClose(jensenShannon(ref, cur, { bins: 5 }).statistic, 0.08079815822058449, 1e-10);
    expectClose(hellinger(ref, cur, { bins: 5 }).statistic, 0.08088172306425992, 1e-10);
    const chi = chiSquare(ref, cur, { bins: 5 });
    expectClose(chi.statistic, 10.65, 1e-10);
    expectClose(chi.pValue, 0.03079232016500325, 1e-6);
  });
  it("categorical with a missing category and a category unseen in the reference", () => {
    const ref = integers(61, 800, 5).map((v) => (v === 4 ? null : `c${v}`));
    const cur = integers(62, 600, 6).map((v) => (v === 4 ? null : `c${v}`));
    const c = alignCategories(categoryCounts(ref), categoryCounts(cur));
    expect(c.categories).toEqual(["__missing__", "c0", "c1", "c2", "c3", "c5"]);
    expectClose(psiFromCounts(c.reference, c.current).statistic, 1.2498838506403238, 1e-10);
    expectClose(jensenShannonFromCounts(c.reference, c.current).statistic, 0.24872566018670303, 1e-10);
    expectClose(hellingerFromCounts(c.reference, c.current).statistic, 0.2948461025425387, 1e-10);
    const chi = chiSquareFromCounts(c.reference, c.current);
    expectClose(chi.statistic, 159908.71287957777, 1e-10);
    expect(chi.pValue).toBe(0);
  });
  it("categorical, same support", () => {
    const ref = categoryCounts(integers(63, 500, 4).map(String));
    const cur = categoryCounts(integers(64, 450, 4).map(String));
    const c = alignCategories(ref, cur);
    const chi = chiSquareFromCounts(c.reference, c.current);
    expectClose(chi.statistic, 8.583585126083609, 1e-10);
    expectClose(chi.pValue, 0.035371636561059294, 1e-6);
    expectClose(jensenShannonFromCounts(c.reference, c.current).statistic, 0.048293740541228584, 1e-10);
  });
});

describe("degenerate inputs give defined answers", () => {
  const methods = { psi, jensenShannon, hellinger, chiSquare };
  for (const [name, f] of Object.entries(methods)) {
    it(`${name}: empty, all-missing and constant columns`, () => {
      expect(f([], [1, 2]).status).toBe("NOT_ENOUGH_DATA");
      expect(f([1, 2], []).statistic).toBeNull();
      const allMissing = f([null, null, Number.NaN], [undefined, null]);
      expect(allMissing.status).toBe("ok");
      expect(allMissing.statistic).toBe(0);
      const constant = f([4, 4, 4, 4], [4, 4]);
      expect(constant.statistic).toBe(0);
      // A rise in missing values is visible through the missing bin.
      const moreMissing = f([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, null, null, null, null, 7, 8]);
      expect(moreMissing.statistic ?? 0).toBeGreaterThan(0);
    });
  }
  it("chi-square with a single category everywhere is statistic 0, p = 1", () => {
    expect(chiSquareFromCounts([5, 0], [3, 0])).toEqual({
      statistic: 0,
      pValue: 1,
      degreesOfFreedom: 0,
      status: "ok",
    });
  });
  it("mismatched count vectors are INVALID_INPUT", () => {
    expect(psiFromCounts([1, 2], [1]).status).toBe("INVALID_INPUT");
    expect(jensenShannonFromCounts([1, Number.NaN], [1, 1]).status).toBe("INVALID_INPUT");
  });
});

describe("properties of the histogram methods", () => {
  const counts = fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 12 });
  const pair = counts.chain((r) =>
    fc.tuple(fc.constant(r), fc.array(fc.nat({ max: 1000 }), { minLength: r.length, maxLength: r.length })),
  );
  const all = [psiFromCounts, jensenShannonFromCounts, hellingerFromCounts];
  it("distances are ≥ 0 (JS and Hellinger ≤ 1), chi-square p in [0, 1], no NaN/Infinity", () => {
    fc.assert(
      fc.property(pair, ([r, c]) => {
        for (const f of all) {
          const res = f(r, c);
          if (res.status === "ok") {
            expect(Number.isFinite(res.statistic)).toBe(true);
            expect(res.statistic as number).toBeGreaterThanOrEqual(0);
          } else expect(res.statistic).toBeNull();
        }
        for (const f of [jensenShannonFromCounts, hellingerFromCounts]) {
          expect(f(r, c).statistic ?? 0).toBeLessThanOrEqual(1);
        }
        const chi = chiSquareFromCounts(r, c);
        if (chi.status === "ok") {
          expect(Number.isFinite(chi.statistic)).toBe(true);
          expect(chi.pValue as number).toBeGreaterThanOrEqual(0);
          expect(chi.pValue as number).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
  it("identical (or proportional) histograms give zero drift", () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 1, max: 5 }), (r, k) => {
        fc.pre(r.some((x) => x > 0));
        const c = r.map((x) => x * k);
        for (const f of all) expect(f(r, c).statistic ?? -1).toBeCloseTo(0, 12);
        expect(chiSquareFromCounts(r, c).statistic ?? -1).toBeCloseTo(0, 9);
      }),
    );
  });
  it("raw numeric versions never produce NaN for arbitrary values, missing included", () => {
    const value = fc.oneof(
      fc.double({ noNaN: false }),
      fc.constant(null),
      fc.constant(undefined),
      fc.integer({ min: -3, max: 3 }),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), fc.array(value, { maxLength: 40 }), (a, b) => {
        for (const f of [psi, jensenShannon, hellinger, chiSquare]) {
          const r = f(a, b);
          if (r.statistic !== null) expect(Number.isFinite(r.statistic)).toBe(true);
        }
      }),
    );
  });
});
