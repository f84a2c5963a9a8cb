import { describe, expect, it } from "vitest";
import {
  MISSING,
  formatCount,
  formatDateTime,
  formatDay,
  formatLift,
  formatMean,
  formatPClause,
  formatPValue,
  formatPercent,
} from "./format";

describe("display formats", () => {
  it("prints lifts signed with one decimal, and no sign for zero", () => {
    expect(formatLift(0.0412)).toBe("+4.1%");
    expect(formatLift(-0.0049)).toBe("-0.5%");
    expect(formatLift(0)).toBe("0.0%");
    expect(formatPercent(0.5)).toBe("50.0%");
  });

  it("prints p-values with two significant digits and '< 0.001' below that", () => {
    expect(formatPValue(0.04321)).toBe("0.043");
    expect(formatPValue(0.21)).toBe("0.21");
    expect(formatPValue(0.00099)).toBe("< 0.001");
    expect(formatPClause(0.00099)).toBe("p < 0.001");
    expect(formatPClause(0.21)).toBe("p = 0.21");
  });

  it("prints a dash, never NaN, for missing numbers", () => {
    for (const format of [formatLift, formatPercent, formatPValue, formatCount]) {
      expect(format(null)).toBe(MISSING);
      expect(format(Number.NaN)).toBe(MISSING);
    }
  });

  it("prints proportions as percentages and other means as numbers", () => {
    expect(formatMean(0.1213, "proportion")).toBe("12.13%");
    expect(formatMean(1.23456, "mean")).toBe("1.235");
    expect(formatCount(10412)).toBe("10,412");
  });

  it("prints dates in UTC whatever the machine's zone", () => {
    expect(formatDay("2026-11-03T23:30:00-05:00")).toBe("4 Nov 2026");
    expect(formatDateTime("2026-11-26T09:15:00Z")).toBe("26 Nov 2026, 09:15 UTC");
  });
});
