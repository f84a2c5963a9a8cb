import { describe, expect, it } from "vitest";
import { ratioMoments } from "./ratio-metric";
import { expectClose } from "#app/stats/expect-close";

// Reference values: scripts/reference/experiment_ratio.py (numpy delta method with np.cov(ddof=1),
// cross-checked against the sample variance of the linearisation (num − r·den)/mean(den)).
const TREATMENT = {
  n: 1200,
  sum: 1105,
  sumSquares: 2029,
  denominatorSum: 4861,
  denominatorSumSquares: 23371,
  sumProduct: 5350,
};
const CONTROL = {
  n: 1300,
  sum: 1096,
  sumSquares: 1940,
  denominatorSum: 5257,
  denominatorSumSquares: 24875,
  sumProduct: 5080,
};

describe("ratio metric moments (delta method)", () => {
  it("matches numpy for both arms", () => {
    const t = ratioMoments(TREATMENT);
    const c = ratioMoments(CONTROL);
    if (t.status !== "ok" || c.status !== "ok") throw new Error("expected ok");
    expectClose(t.mean, 0.22731948158815057, 1e-12);
    expectClose(t.variance, 0.040882878716351045);
    expectClose(c.mean, 0.20848392619364656, 1e-12);
    expectClose(c.variance, 0.04251024263509322);
    expect(t.n).toBe(1200);
  });

  it("is zero when every unit has the same ratio", () => {
    // num = 0.5·den per unit: dens 2, 4, 6 → nums 1, 2, 3.
    const m = ratioMoments({
      n: 3,
      sum: 6,
      sumSquares: 14,
      denominatorSum: 12,
      denominatorSumSquares: 56,
      sumProduct: 28,
    });
    expect(m).toEqual({ status: "ok", mean: 0.5, variance: 0, n: 3 });
  });

  it("declines a zero denominator or a single unit", () => {
    expect(ratioMoments({ ...TREATMENT, denominatorSum: 0 }).status).toBe("ZERO_DENOMINATOR");
    expect(ratioMoments({ ...TREATMENT, n: 1 }).status).toBe("NOT_ENOUGH_DATA");
  });
});
