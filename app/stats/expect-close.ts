/** The tolerance assertion of every test that checks numbers against reference values (not part of the engine). */
import { expect } from "vitest";

/**
 * |actual − expected| ≤ rel·|expected| + abs: relative agreement with the reference, with an
 * absolute floor for values at or near 0 (pass `abs` where the reference is 0).
 */
export function expectClose(
  actual: number | null | undefined,
  expected: number,
  rel = 1e-6,
  abs = 1e-300,
  label?: string,
): void {
  expect(actual, label).toBeTypeOf("number");
  const a = actual as number;
  const tolerance = rel * Math.abs(expected) + abs;
  if (!(Math.abs(a - expected) <= tolerance)) {
    expect.fail(`${label ? `${label}: ` : ""}expected ${a} to be within ${tolerance} of ${expected}`);
  }
}
