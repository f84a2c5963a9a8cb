import { describe, expect, it } from "vitest";
import { verdictOf } from "./verdict";

describe("verdictOf", () => {
  it("says untrustworthy for a failed health check, even where the comparison alone would win", () => {
    expect(verdictOf({ verdict: "untrustworthy", status: "ok" })).toBe("untrustworthy");
  });

  it("maps better / worse / inconclusive to win / loss / inconclusive", () => {
    expect(verdictOf({ verdict: "better", status: "ok" })).toBe("win");
    expect(verdictOf({ verdict: "worse", status: "ok" })).toBe("loss");
    expect(verdictOf({ verdict: "inconclusive", status: "ok" })).toBe("inconclusive");
  });

  it("says not enough data when the comparison was refused or has no verdict", () => {
    expect(verdictOf({ verdict: "better", status: "ZERO_VARIANCE" })).toBe("not-enough-data");
    expect(verdictOf({ status: "ok" })).toBe("not-enough-data");
  });
});
