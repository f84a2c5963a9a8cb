import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ksPValue, ksStatistic, ksTwoSample } from "./ks";
import { expectClose } from "#app/stats/expect-close";
import { bell, integers } from "./test-data";

// Expected values: scipy 1.10.1 stats.ks_2samp, printed by scripts/reference/drift_ks.py
// on samples regenerated here bit for bit (./test-data.ts mirrors drift_data.py).
// [seedA, nA, seedB, nB, loc, scale, D, p]
const BELL_CASES: [number, number, number, number, number, number, number, number][] = [
  [1, 8, 2, 8, 0.5, 1.0, 0.375, 0.6601398601398599],
  [3, 10, 4, 15, 0.3, 1.0, 0.23333333333333334, 0.8537304665989549],
  [5, 25, 6, 40, 0.4, 1.5, 0.475, 0.0011477180329075964],
  [7, 60, 8, 60, 0.2, 1.0, 0.2, 0.18205691052851009],
  [9, 100, 10, 137, 0.25, 1.0, 0.25175182481751823, 0.00101084952777429],
  [11, 500, 12, 450, 0.1, 1.0, 0.058444444444444445, 0.3763363517966975],
  [13, 2000, 14, 1500, 0.0, 1.1, 0.049166666666666664, 0.03080285063935719],
  [15, 3000, 16, 2999, 0.08, 1.0, 0.06383616761142603, 9.263337424054087e-6],
  [17, 12000, 18, 300, 0.1, 1.0, 0.08649999999999991, 0.023442432540678904],
  [19, 15000, 20, 11000, 0.03, 1.0, 0.031212121212121136, 8.340277384730024e-6],
  [21, 10001, 22, 10001, 0.02, 1.0, 0.015998400159983994, 0.15297413944841332],
  [1, 10000, 2, 9999, 0.2, 1.0, 0.14535860586058605, 1.3710527254538016e-92],
];
// [seedA, nA, seedB, nB, k, D, p] on integer samples (ties).
const TIE_CASES: [number, number, number, number, number, number, number][] = [
  [31, 300, 32, 200, 6, 0.035, 0.9978362221266337],
  [33, 40, 34, 70, 4, 0.09642857142857143, 0.9531970466728512],
];

describe("ksTwoSample matches scipy.stats.ks_2samp(method='auto')", () => {
  for (const [sa, na, sb, nb, loc, scale, d, p] of BELL_CASES) {
    it(`n=${na} vs ${nb} (${Math.max(na, nb) <= 10000 ? "exact" : "asymptotic"})`, () => {
      const r = ksTwoSample(bell(sa, na), bell(sb, nb, loc, scale));
      expect(r.status).toBe("ok");
      expect(r.method).toBe(Math.max(na, nb) <= 10000 ? "exact" : "asymp");
      expectClose(r.statistic, d, 1e-12);
      expectClose(r.pValue, p, 1e-6);
    });
  }
  for (const [sa, na, sb, nb, k, d, p] of TIE_CASES) {
    it(`ties: n=${na} vs ${nb} on ${k} values`, () => {
      const r = ksTwoSample(integers(sa, na, k), integers(sb, nb, k));
      expectClose(r.statistic, d, 1e-12);
      expectClose(r.pValue, p, 1e-6);
    });
  }
});

describe("ksTwoSample edge cases", () => {
  it("empty samples give NOT_ENOUGH_DATA with null numbers", () => {
    expect(ksTwoSample([], [1, 2])).toEqual({
      statistic: null,
      pValue: null,
      method: null,
      status: "NOT_ENOUGH_DATA",
    });
    expect(ksTwoSample([Number.NaN], [1])).toMatchObject({ status: "NOT_ENOUGH_DATA" });
  });
  it("identical constant samples give D = 0, p = 1", () => {
    const r = ksTwoSample([3, 3, 3], [3, 3]);
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
  });
  it("disjoint samples give D = 1", () => {
    expect(ksTwoSample([1, 2, 3], [4, 5, 6]).statistic).toBe(1);
  });
  it("explicit asymptotic method follows scipy's kstwo route", () => {
    const r = ksPValue(60, 60, 0.2, "asymp");
    expect(r.method).toBe("asymp");
    expect(r.pValue).toBeGreaterThan(0);
    expect(r.pValue).toBeLessThan(1);
  });
});

describe("ksTwoSample properties", () => {
  const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 });
  it("p-value in [0, 1], statistic in [0, 1], never NaN", () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const r = ksTwoSample(a, b);
        expect(r.pValue).not.toBeNull();
        expect(r.pValue as number).toBeGreaterThanOrEqual(0);
        expect(r.pValue as number).toBeLessThanOrEqual(1);
        expect(r.statistic as number).toBeGreaterThanOrEqual(0);
        expect(r.statistic as number).toBeLessThanOrEqual(1);
      }),
    );
  });
  it("identical samples give D = 0 and p = 1", () => {
    fc.assert(
      fc.property(sample, (a) => {
        const r = ksTwoSample(a, [...a].reverse());
        expect(r.statistic).toBe(0);
        expect(r.pValue).toBe(1);
      }),
    );
  });
  it("statistic is symmetric", () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const sa = [...a].sort((x, y) => x - y);
        const sb = [...b].sort((x, y) => x - y);
        expect(ksStatistic(sa, sb)).toBe(ksStatistic(sb, sa));
      }),
    );
  });
});
