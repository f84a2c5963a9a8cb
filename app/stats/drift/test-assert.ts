/** Assertion used by the reference-value tests: relative agreement, with an absolute floor for zeros. */
import { expect } from "vitest";

/** |actual − expected| ≤ rel·|expected| + abs. */
export function expectClose(
  actual: number | null | undefined,
  expected: number,
  rel = 1e-6,
  abs = 1e-300,
): void {
  expect(actual).not.toBeNull();
  expect(actual).toBeTypeOf("number");
  const a = actual as number;
  const ok = Math.abs(a - expected) <= rel * Math.abs(expected) + abs;
  if (!ok) expect.fail(`expected ${a} to be within ${rel} (relative) of ${expected}`);
}
