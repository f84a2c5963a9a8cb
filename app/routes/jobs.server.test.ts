import { describe, expect, it } from "vitest";
import { nextRunAt } from "./jobs.server";

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
