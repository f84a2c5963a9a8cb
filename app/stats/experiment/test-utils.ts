/** Assertions shared by the experiment-statistics tests (not part of the engine). */
import { expect } from "vitest";

/** |actual − expected| ≤ rel·|expected| + abs: relative agreement with reference values, absolute near 0. */
export function expectClose(
  actual: number | null | undefined,
  expected: number,
  rel = 1e-6,
  abs = 1e-14,
): void {
  expect(actual).toBeTypeOf("number");
  const a = actual as number;
  const tolerance = rel * Math.abs(expected) + abs;
  if (!(Math.abs(a - expected) <= tolerance)) {
    expect.fail(`expected ${a} to be within ${tolerance} of ${expected}`);
  }
}

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
