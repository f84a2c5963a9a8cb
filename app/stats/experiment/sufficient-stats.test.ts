import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  armSumsFromValues,
  bernoulliVariance,
  meanFromSums,
  mergeArmSums,
  sampleCovarianceFromSums,
  sampleVarianceFromSums,
} from "./sufficient-stats";
import { expectClose } from "#app/stats/expect-close";

describe("moments from sums", () => {
  it("match numpy mean / var(ddof=1) / cov(ddof=1)", () => {
    // numpy: x = [1, 2, 3, 4.5], y = [2, 1, 7, 3]; np.var(x, ddof=1) = 2.2291666666666665,
    // np.cov(x, y)[0, 1] = 1.4583333333333333.
    const x = armSumsFromValues([1, 2, 3, 4.5], { covariates: [2, 1, 7, 3] });
    expect(meanFromSums(x.n, x.sum)).toBe(2.625);
    expectClose(sampleVarianceFromSums(x.n, x.sum, x.sumSquares ?? 0), 2.2291666666666665, 1e-12);
    expectClose(
      sampleCovarianceFromSums(x.n, x.sum, x.covariateSum ?? 0, x.covariateSumProduct ?? 0),
      1.4583333333333333,
      1e-12,
    );
  });

  it("declines when the sample is too small", () => {
    expect(meanFromSums(0, 0)).toBeNull();
    expect(sampleVarianceFromSums(1, 3, 9)).toBeNull();
    expect(sampleCovarianceFromSums(1, 3, 2, 6)).toBeNull();
  });

  it("treats cancellation noise as zero variance", () => {
    const constant = armSumsFromValues(new Array(1000).fill(0.1));
    expect(sampleVarianceFromSums(constant.n, constant.sum, constant.sumSquares ?? 0)).toBe(0);
    // Impossible sums (Σx² < (Σx)²/n) never yield a negative variance.
    expect(sampleVarianceFromSums(10, 10, 5)).toBe(0);
  });

  it("uses p(1 − p) for proportions", () => {
    expect(bernoulliVariance(0.25)).toBe(0.1875);
    expect(bernoulliVariance(1)).toBe(0);
    expect(bernoulliVariance(1 + 1e-16)).toBe(0);
  });
});

describe("merging sufficient statistics", () => {
  const value = fc.double({ min: -1e4, max: 1e4, noNaN: true });

  it("merging the sums of two halves equals the sums of the whole", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value, value), { minLength: 2, maxLength: 60 }),
        fc.nat(),
        (rows, cut) => {
          const k = cut % (rows.length + 1);
          const split = (part: typeof rows) =>
            armSumsFromValues(
              part.map((r) => r[0]),
              { denominators: part.map((r) => r[1]), covariates: part.map((r) => r[2]) },
            );
          const whole = split(rows);
          const merged = mergeArmSums(split(rows.slice(0, k)), split(rows.slice(k)));
          expect(merged.n).toBe(whole.n);
          for (const key of Object.keys(whole) as (keyof typeof whole)[]) {
            const w = whole[key] as number;
            const scale = rows.reduce((acc, r) => acc + Math.abs(r[0]) + Math.abs(r[1]) + Math.abs(r[2]), 1);
            // Sums of up to 60 terms reassociated: agreement to rounding of the largest square.
            expectClose(merged[key], w, 1e-12, 1e-12 * scale * scale);
          }
          const mv = sampleVarianceFromSums(merged.n, merged.sum, merged.sumSquares ?? 0);
          const wv = sampleVarianceFromSums(whole.n, whole.sum, whole.sumSquares ?? 0);
          expect(mv === null).toBe(wv === null);
        },
      ),
    );
  });

  it("drops an optional sum that only one half carries", () => {
    const merged = mergeArmSums({ n: 2, sum: 3, sumSquares: 5 }, { n: 1, sum: 1 });
    expect(merged).toEqual({ n: 3, sum: 4 });
  });
});
