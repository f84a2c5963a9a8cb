import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { apiRoutes } from "./paths";
import { loadApiRoutes } from "./registry.server";

describe("the API route registry", () => {
  it("routes every module under app/routes/api but the catch-all", () => {
    const files = readdirSync(new URL("../routes/api", import.meta.url))
      .filter((name) => name.endsWith(".ts"))
      .map((name) => name.slice(0, -3))
      .filter((name) => name !== "not-found");
    expect(apiRoutes.map((r) => r.module).sort()).toEqual(files.sort());
  });

  it("finds declared operations in every routed module", () => {
    for (const route of loadApiRoutes()) {
      expect(Object.keys(route.operations).length, route.module).toBeGreaterThan(0);
    }
  });
});
