import { describe, expect, it } from "vitest";
import { precedes } from "./row-visibility";

const at = (snapshot: string) => ({ snapshot, before: "2026-11-26 00:00:00+00" });

describe("precedes: whether a stored snapshot can be an earlier one of this cluster", () => {
  it("accepts an earlier or the same transaction horizon, compared as 64-bit numbers", () => {
    expect(precedes(at("727:727:"), at("900:905:901,903"))).toBe(true);
    expect(precedes(at("900:905:901"), at("900:905:901"))).toBe(true);
    // Past 2^53: compared exactly, not as doubles.
    expect(precedes(at("9007199254740993:9007199254740993:"), at("9007199254740992:9007199254740992:"))).toBe(
      false,
    );
  });

  it("refuses a snapshot ahead of the current one, as a restore into another cluster leaves", () => {
    expect(precedes(at("4000000000:4000000000:"), at("727:727:"))).toBe(false);
  });

  it("throws on text that is not a pg_snapshot", () => {
    expect(() => precedes(at("nonsense"), at("727:727:"))).toThrow("not a pg_snapshot");
  });
});
