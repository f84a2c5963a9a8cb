import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kolmogorovSmirnovSurvival } from "./kolmogorov-distribution";
import { expectClose } from "#app/stats/expect-close";

// Expected values: scipy 1.10.1 stats.kstwo.sf(d, n), printed by scripts/reference/drift_ks.py.
// [n, d, p] — covers every branch of Simard & L'Ecuyer's selection (Ruben–Gambino, Durbin
// matrix, Pomeranz, Pelz–Good, 2·Smirnov, underflow to 0).
const KSTWO: [number, number, number][] = [
  [3, 0.2, 0.9982222222222222],
  [3, 0.35, 0.7328333333333334],
  [3, 0.6, 0.14400000000000004],
  [10, 0.04, 1.0],
  [10, 0.1, 0.99963712],
  [10, 0.2, 0.7487190399999999],
  [10, 0.35, 0.1339605462624991],
  [10, 0.6, 0.0005681672000000003],
  [50, 0.04, 0.9999886874967087],
  [50, 0.1, 0.6623112704658186],
  [50, 0.2, 0.03143877776953241],
  [50, 0.35, 5.573523514803185e-6],
  [50, 0.6, 9.634070456142374e-18],
  [140, 0.04, 0.9719726587618661],
  [140, 0.1, 0.11353657290090946],
  [140, 0.2, 2.1981563302200222e-5],
  [140, 0.35, 7.770798917761266e-16],
  [140, 0.6, 1.0052268370224967e-48],
  [141, 0.04, 0.9710682269013183],
  [141, 0.1, 0.11128445516467944],
  [141, 0.2, 2.0276784223976912e-5],
  [141, 0.35, 6.038919210167083e-16],
  [500, 0.01, 0.9999999991073389],
  [500, 0.04, 0.3902508696049749],
  [500, 0.1, 8.342293067263533e-5],
  [500, 0.2, 5.256835361945869e-18],
  [500, 0.35, 2.939510367930248e-55],
  [5000, 0.01, 0.6954557253913853],
  [5000, 0.04, 2.1805586378557164e-7],
  [5000, 0.1, 5.590495886396459e-44],
  [5000, 0.35, 0.0],
  [100000, 0.01, 4.093278023549254e-9],
  [100000, 0.04, 1.8452808665033013e-139],
  [200000, 0.01, 8.433125699870092e-18],
];

describe("kolmogorovSmirnovSurvival matches scipy.stats.kstwo.sf", () => {
  for (const [n, d, p] of KSTWO) {
    it(`n=${n}, d=${d}`, () => expectClose(kolmogorovSmirnovSurvival(n, d), p, 1e-8));
  }
  it("is a probability and non-increasing in d", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, d) => {
        const p = kolmogorovSmirnovSurvival(n, d);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(kolmogorovSmirnovSurvival(n, Math.min(1, d + 0.01))).toBeLessThanOrEqual(p + 1e-12);
      }),
    );
  });
});
