import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration";

describe("durations", () => {
  it("reads Prometheus-style durations into seconds", () => {
    expect(parseDuration("15m")).toBe(900);
    expect(parseDuration("4h")).toBe(14_400);
    expect(parseDuration("1h30m")).toBe(5_400);
    expect(parseDuration("2d")).toBe(172_800);
    expect(parseDuration("0s")).toBe(0);
    expect(parseDuration("0")).toBe(0);
  });

  it("refuses anything else", () => {
    for (const bad of ["", "15", "m", "1.5h", "30m1h", "-5m", "4 h", "1w"])
      expect(parseDuration(bad)).toBeNull();
  });

  it("writes the canonical form, which reads back to the same seconds", () => {
    expect(formatDuration(5_400)).toBe("1h30m");
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(90_061)).toBe("1d1h1m1s");
    for (const s of [1, 59, 60, 3_599, 14_400, 86_401]) expect(parseDuration(formatDuration(s))).toBe(s);
  });
});
