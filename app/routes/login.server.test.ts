import { describe, expect, it } from "vitest";
import { safeRedirect } from "./login.server";

describe("safeRedirect", () => {
  it("keeps a path on this site, with its query", () => {
    expect(safeRedirect("/experiments/a?days=7")).toBe("/experiments/a?days=7");
    expect(safeRedirect("/")).toBe("/");
  });

  it("refuses anything that would leave the site or loop back to sign-in", () => {
    for (const to of [
      null,
      "",
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "javascript:alert(1)",
      "experiments",
      "/login?redirectTo=/x",
    ]) {
      expect(safeRedirect(to), String(to)).toBe("/");
    }
  });
});
