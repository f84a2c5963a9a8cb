/** Assertions shared by the experiment-statistics tests (not part of the engine). */
import { expect } from "vitest";

/** Every number reachable in a (nested) result is finite or null — never NaN or ±Infinity. */
export function expectAllFinite(value: unknown, path = "result"): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) expect.fail(`${path} is ${value}`);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      expectAllFinite(item, `${path}[${i}]`);
    });
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) expectAllFinite(item, `${path}.${key}`);
  }
}

/**
 * Sums of the mean-metric CUPED data set printed by scripts/reference/experiment_cuped.py; the
 * expected results live beside the tests that use them.
 */
export const CUPED_MEAN_ARMS = {
  treatment: {
    n: 900,
    sum: 10402.785717623714,
    sumSquares: 166411.63278836748,
    covariateSum: 11067.398137681581,
    covariateSumSquares: 183575.25918745308,
    covariateSumProduct: 166943.75750779876,
  },
  control: {
    n: 950,
    sum: 10112.505204907668,
    sumSquares: 149548.4930156953,
    covariateSum: 11155.768307244145,
    covariateSumSquares: 173669.81655403684,
    covariateSumProduct: 152935.13966407932,
  },
};
