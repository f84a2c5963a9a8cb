import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CompareOptions, compareVariants } from "./compare-variants";
import { armSumsFromValues } from "./sufficient-stats";
import { expectClose } from "#app/stats/expect-close";
import { expectAllFinite } from "./test-utils";

// Invariants of compareVariants over arbitrary (including degenerate) arms and options.

const metricTypes = ["proportion", "mean", "ratio"] as const;
const finite = (max: number) => fc.double({ min: -max, max, noNaN: true });

/** Realistic arms: unit-level data of the right shape for the metric, reduced to sums. */
function armFromData(metricType: (typeof metricTypes)[number]) {
  const unit = fc.tuple(
    metricType === "proportion" ? fc.constantFrom(0, 1) : finite(1e4),
    fc.double({ min: 0, max: 50, noNaN: true }),
    metricType === "proportion" ? fc.constantFrom(0, 1) : finite(1e4),
  );
  return fc.array(unit, { minLength: 0, maxLength: 30 }).map((rows) =>
    armSumsFromValues(
      rows.map((r) => r[0]),
      {
        denominators: metricType === "ratio" ? rows.map((r) => r[1]) : undefined,
        covariates: metricType === "ratio" ? undefined : rows.map((r) => r[2]),
      },
    ),
  );
}

const optionsFor = (metricType: (typeof metricTypes)[number]) =>
  fc.oneof(
    fc.record({
      metricType: fc.constant(metricType),
      engine: fc.constant("frequentist" as const),
      difference: fc.constantFrom("relative" as const, "absolute" as const),
      alpha: fc.constantFrom(0.01, 0.05, 0.1, 0.2),
      sequential: fc.option(fc.record({ tuning: fc.integer({ min: 100, max: 100_000 }) }), {
        nil: undefined,
      }),
      cuped: fc.constant(metricType !== "ratio").chain((ok) => (ok ? fc.boolean() : fc.constant(false))),
      higherIsBetter: fc.boolean(),
    }),
    fc.record({
      metricType: fc.constant(metricType),
      engine: fc.constant("bayesian" as const),
      difference: fc.constantFrom("relative" as const, "absolute" as const),
      alpha: fc.constantFrom(0.01, 0.05, 0.1),
      prior: fc.option(
        fc.record({ mean: finite(1), variance: fc.double({ min: 1e-4, max: 10, noNaN: true }) }),
        { nil: undefined },
      ),
      cuped: fc.constant(metricType !== "ratio").chain((ok) => (ok ? fc.boolean() : fc.constant(false))),
      higherIsBetter: fc.boolean(),
    }),
  );

const scenario = fc.constantFrom(...metricTypes).chain((metricType) =>
  fc.record({
    control: armFromData(metricType),
    treatment: armFromData(metricType),
    options: optionsFor(metricType),
  }),
);

describe("compareVariants: invariants (fast-check)", () => {
  it("p-values lie in [0, 1], the interval contains the estimate, and CI excludes 0 ⇔ p < α", () => {
    fc.assert(
      fc.property(scenario, ({ control, treatment, options }) => {
        const r = compareVariants(control, treatment, options as CompareOptions);
        expectAllFinite(r);
        if (r.status !== "ok") {
          expect([r.ciLow, r.ciHigh, r.pValue, r.chanceToWin, r.risk]).toEqual([
            null,
            null,
            null,
            null,
            null,
          ]);
          return;
        }
        const { ciLow, ciHigh, estimate } = r as { ciLow: number; ciHigh: number; estimate: number };
        expect(ciLow).toBeLessThanOrEqual(estimate);
        expect(ciHigh).toBeGreaterThanOrEqual(estimate);
        if (options.engine === "frequentist") {
          const p = r.pValue as number;
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(ciLow > 0 || ciHigh < 0).toBe(p < options.alpha);
        } else {
          expect(r.pValue).toBeNull();
          expect(r.chanceToWin).toBeGreaterThanOrEqual(0);
          expect(r.chanceToWin).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("swapping control and treatment flips the sign of the absolute difference", () => {
    fc.assert(
      fc.property(scenario, ({ control, treatment, options }) => {
        const forward = compareVariants(control, treatment, options as CompareOptions);
        const backward = compareVariants(treatment, control, options as CompareOptions);
        expect(forward.absoluteDiff === null).toBe(backward.absoluteDiff === null);
        if (forward.absoluteDiff !== null && backward.absoluteDiff !== null) {
          // Exact negation (=== so that 0 and −0 count as equal).
          expect(forward.absoluteDiff === -backward.absoluteDiff).toBe(true);
        }
        // A proper prior centred off zero is not symmetric under the swap; everything else is.
        const symmetric = !("prior" in options && options.prior);
        if (
          forward.status === "ok" &&
          backward.status === "ok" &&
          options.difference === "absolute" &&
          symmetric
        ) {
          if (options.engine === "frequentist")
            expectClose(forward.pValue, backward.pValue as number, 1e-9, 1e-15);
          expectClose(forward.ciLow, -(backward.ciHigh as number), 1e-9, 1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never returns NaN or Infinity, whatever the sums (including n = 0, 1, zero variance, zero control mean)", () => {
    const anyNumber = fc.oneof(
      fc.constantFrom(
        0,
        1,
        -1,
        0.5,
        2,
        1e-300,
        -1e-300,
        1e300,
        -1e300,
        1e154,
        Number.MAX_VALUE,
        Number.MIN_VALUE,
      ),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    const optional = fc.option(anyNumber, { nil: undefined });
    const arm = fc.record({
      n: fc.oneof(fc.constantFrom(0, 1, 2, 3), fc.integer({ min: 0, max: 2_000_000_000 })),
      sum: anyNumber,
      sumSquares: optional,
      denominatorSum: optional,
      denominatorSumSquares: optional,
      sumProduct: optional,
      covariateSum: optional,
      covariateSumSquares: optional,
      covariateSumProduct: optional,
    });
    const options = fc.constantFrom(...metricTypes).chain(optionsFor);
    fc.assert(
      fc.property(arm, arm, options, (control, treatment, opts) => {
        const r = compareVariants(control, treatment, opts as CompareOptions);
        expectAllFinite(r);
        if (r.pValue !== null) {
          expect(r.pValue).toBeGreaterThanOrEqual(0);
          expect(r.pValue).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
