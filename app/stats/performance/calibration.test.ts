import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose } from "#app/stats/expect-close";
import { calibration, calibrationBinIndex, calibrationFromBinSums } from "./calibration";
import { labels, scores, tiedScores } from "./classification.fixtures";

// Expected values: sklearn 1.2.1 calibration_curve(strategy='uniform') and the ECE over its bins,
// printed by scripts/reference/performance_classification.py.
const CASES: [string, number[], number, number[], number[], number[], number][] = [
  [
    "continuous scores, 10 bins",
    scores,
    10,
    [45, 52, 49, 51, 50, 67, 40, 58, 44, 44],
    [
      0.13333333333333333, 0.21153846153846154, 0.42857142857142855, 0.39215686274509803, 0.44,
      0.5373134328358209, 0.55, 0.7413793103448276, 0.7727272727272727, 0.8636363636363636,
    ],
    [
      0.04963237461892681, 0.1498521467572293, 0.2507546881180523, 0.34850800178223745, 0.4491506636887789,
      0.5512630870173088, 0.6472782604803797, 0.7480001113104537, 0.847657900991511, 0.9549639651615341,
    ],
    0.06179200540529563,
  ],
  [
    "scores on the bin edges, 10 bins",
    tiedScores,
    10,
    [73, 47, 54, 50, 56, 55, 49, 50, 39, 27],
    [
      0.1643835616438356, 0.3829787234042553, 0.3333333333333333, 0.34, 0.5357142857142857,
      0.5454545454545454, 0.6938775510204082, 0.8, 0.8205128205128205, 0.8148148148148148,
    ],
    [
      0.0547945205479452, 0.17446808510638306, 0.2759259259259261, 0.37699999999999995, 0.4794642857142855,
      0.5690909090909096, 0.6806122448979588, 0.772, 0.871794871794872, 0.9499999999999995,
    ],
    0.06980000000000008,
  ],
  [
    "7 bins",
    scores,
    7,
    [66, 71, 71, 85, 72, 71, 64],
    [
      0.16666666666666666, 0.3380281690140845, 0.352112676056338, 0.5058823529411764, 0.5833333333333334,
      0.7887323943661971, 0.8125,
    ],
    [
      0.07254580709956247, 0.2096481720218435, 0.35157367197016226, 0.5002826763248509, 0.6387895399885666,
      0.7806199051646359, 0.929588335515291,
    ],
    0.0558073708117008,
  ],
];

describe("calibration matches sklearn.calibration.calibration_curve", () => {
  for (const [name, s, bins, counts, observed, predicted, ece] of CASES) {
    it(name, () => {
      const r = calibration(labels, s, bins);
      expect(r.status).toBe("ok");
      expect(r.bins.map((b) => b.count)).toEqual(counts);
      r.bins.forEach((b, i) => {
        expectClose(b.observedRate, observed[i] ?? 0, 1e-12);
        expectClose(b.meanPredicted, predicted[i] ?? 0, 1e-10);
      });
      expectClose(r.ece, ece, 1e-9);
    });
  }
  it("sufficient statistics per bin give the same ECE", () => {
    const sums = Array.from({ length: 10 }, () => ({ count: 0, sumScore: 0, sumLabel: 0 }));
    scores.forEach((p, i) => {
      const b = sums[calibrationBinIndex(p)];
      if (b) {
        b.count++;
        b.sumScore += p;
        b.sumLabel += labels[i] ?? 0;
      }
    });
    expectClose(calibrationFromBinSums(sums).ece, 0.06179200540529563, 1e-9);
  });
});

describe("calibration bins and edge cases", () => {
  it("edge values go to the lower bin, 0 to the first, 1 to the last", () => {
    expect(calibrationBinIndex(0)).toBe(0);
    expect(calibrationBinIndex(0.1)).toBe(0);
    expect(calibrationBinIndex(0.100001)).toBe(1);
    expect(calibrationBinIndex(0.3)).toBe(2);
    expect(calibrationBinIndex(1)).toBe(9);
  });
  it("empty bins are reported with null rates and skipped by ECE", () => {
    const r = calibration([1, 0], [0.95, 0.05]);
    expect(r.bins).toHaveLength(10);
    expect(r.bins[4]).toMatchObject({ count: 0, meanPredicted: null, observedRate: null });
    expect(r.bins[0]?.lower).toBe(0);
    expect(r.bins[9]?.upper).toBe(1);
    expectClose(r.ece, 0.05, 1e-12);
  });
  it("degenerate input", () => {
    expect(calibration([], []).status).toBe("NOT_ENOUGH_DATA");
    expect(calibration([1], [1.5]).status).toBe("INVALID_INPUT");
    expect(calibrationFromBinSums([{ count: 0, sumScore: 0, sumLabel: 0 }]).ece).toBeNull();
  });
  it("ECE lies in [0, 1]", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom<0 | 1>(0, 1), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 1,
        }),
        fc.integer({ min: 1, max: 30 }),
        (xs, bins) => {
          const r = calibration(
            xs.map(([y]) => y),
            xs.map(([, p]) => p),
            bins,
          );
          expect(r.ece as number).toBeGreaterThanOrEqual(0);
          expect(r.ece as number).toBeLessThanOrEqual(1);
          expect(r.bins.reduce((s, b) => s + b.count, 0)).toBe(xs.length);
        },
      ),
    );
  });
});
