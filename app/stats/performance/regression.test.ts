import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose } from "#app/stats/expect-close";
import { bell, integers } from "#app/stats/drift/test-data";
import { regressionMetrics, regressionMetricsFromSums, regressionSums } from "./regression";

// Expected values: sklearn 1.2.1 mean_squared_error (sqrt), mean_absolute_error,
// mean_absolute_percentage_error, r2_score, printed by scripts/reference/performance_regression.py.
describe("regressionMetrics matches sklearn", () => {
  const y1 = bell(91, 300, 10, 3);
  const noise1 = bell(92, 300, 0.2, 1);
  const yhat1 = y1.map((y, i) => y + (noise1[i] ?? 0));
  it("continuous target", () => {
    const r = regressionMetrics(y1, yhat1);
    expectClose(r.rmse, 0.5694596531826123, 1e-10);
    expectClose(r.mae, 0.4600064526696998, 1e-10);
    expectClose(r.mape, 0.047773938286263404, 1e-10);
    expectClose(r.r2, 0.8841616326727446, 1e-10);
  });
  it("target with zeros (MAPE uses max(|y|, machine ε))", () => {
    const y2 = integers(93, 200, 5);
    const noise2 = bell(94, 200);
    const r = regressionMetrics(
      y2,
      y2.map((y, i) => y + (noise2[i] ?? 0)),
    );
    expectClose(r.rmse, 0.5469745742157943, 1e-10);
    expectClose(r.mae, 0.4232617184333503, 1e-10);
    expectClose(r.mape, 411642247679836.3, 1e-10);
    expectClose(r.r2, 0.8522635006475979, 1e-10);
  });
  it("sufficient statistics without Σ(y−ȳ)² give the same answers", () => {
    const sums = regressionSums(y1, yhat1);
    expect(sums).not.toBeNull();
    const { sumSquaredDeviation: _, ...withoutDeviation } = sums ?? { sumSquaredDeviation: 0, n: 0 };
    const r = regressionMetricsFromSums(withoutDeviation as Parameters<typeof regressionMetricsFromSums>[0]);
    expectClose(r.r2, 0.8841616326727446, 1e-9);
    expectClose(r.rmse, 0.5694596531826123, 1e-10);
  });
});

describe("regression edge cases", () => {
  it("constant target: R² is null with ZERO_VARIANCE, the rest is defined", () => {
    const r = regressionMetrics([2, 2, 2], [2, 3, 1]);
    expect(r).toMatchObject({ r2: null, status: "ok", reasons: { r2: "ZERO_VARIANCE" } });
    expectClose(r.mae, 2 / 3, 1e-12);
  });
  it("empty, mismatched and non-finite input", () => {
    expect(regressionMetrics([], []).status).toBe("NOT_ENOUGH_DATA");
    expect(regressionMetrics([1], [1, 2]).status).toBe("INVALID_INPUT");
    expect(regressionMetrics([1, Number.NaN], [1, 2]).status).toBe("INVALID_INPUT");
  });
  it("never returns NaN or Infinity; RMSE ≥ MAE ≥ 0; R² ≤ 1", () => {
    const pair = fc.array(
      fc.tuple(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      ),
      {
        maxLength: 50,
      },
    );
    fc.assert(
      fc.property(pair, (xs) => {
        const r = regressionMetrics(
          xs.map(([y]) => y),
          xs.map(([, p]) => p),
        );
        for (const v of [r.rmse, r.mae, r.mape, r.r2]) if (v !== null) expect(Number.isFinite(v)).toBe(true);
        // Below ~1e-154 the squared errors underflow, so the inequality only holds above that.
        if (r.rmse !== null && r.mae !== null && r.mae > 1e-150)
          expect(r.rmse).toBeGreaterThanOrEqual(r.mae * (1 - 1e-12));
        if (r.r2 !== null) expect(r.r2).toBeLessThanOrEqual(1);
      }),
    );
  });
});
