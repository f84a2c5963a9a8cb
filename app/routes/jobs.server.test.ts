import { describe, expect, it } from "vitest";
import { followedRun, nextRunAt } from "./jobs.server";

describe("nextRunAt", () => {
  const now = new Date("2026-11-26T10:07:30Z");

  it("gives the next firing of a cron schedule in UTC", () => {
    expect(nextRunAt("*/15 * * * *", now)).toBe("2026-11-26T10:15:00.000Z");
    expect(nextRunAt("0 * * * *", now)).toBe("2026-11-26T11:00:00.000Z");
    expect(nextRunAt("30 2 * * *", now)).toBe("2026-11-27T02:30:00.000Z");
  });

  it("is null for an expression it cannot read", () => {
    expect(nextRunAt("every hour", now)).toBeNull();
  });
});

describe("followedRun", () => {
  it("reads the run id the page polls from ?run=", () => {
    expect(followedRun(new URL("http://x/jobs?run=42"))).toBe(42);
  });

  it("is null without a run or for something that is not a run id", () => {
    for (const q of ["", "?run=", "?run=abc", "?run=0", "?run=-3", "?run=1.5", "?run=1e30"]) {
      expect(followedRun(new URL(`http://x/jobs${q}`))).toBeNull();
    }
  });
});
