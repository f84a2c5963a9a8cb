import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkLayers, importSpecifiers, resolveSpecifier, type Violation } from "./import-graph";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SKIPPED_DIRS = new Set(["node_modules", "build", "test-results", "playwright-report", "reports"]);

/** Every .ts/.tsx file of the repository (hidden and generated folders skipped), path → text. */
function sourceFiles(dir = ROOT, files = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || SKIPPED_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, files);
    else if (/\.tsx?$/.test(entry.name)) {
      files.set(path.relative(ROOT, full).split(path.sep).join("/"), readFileSync(full, "utf8"));
    }
  }
  return files;
}

const key = (v: Pick<Violation, "file" | "specifier">) => `${v.file} imports ${v.specifier}`;

describe("layer rules", () => {
  const violations = checkLayers(sourceFiles());

  it("holds for every import in the repository", () => {
    expect(violations.map((v) => `${key(v)} — ${v.why}`)).toEqual([]);
  });
});

describe("the layer checker", () => {
  it("reports a statistics module that imports the database layer, naming the file and the import", () => {
    const files = new Map([
      ["app/stats/drift/psi.ts", 'import { sql } from "drizzle-orm";\nimport { db } from "#db/client";\n'],
      ["app/stats/drift/ks.ts", 'import { psi } from "./psi";\n'],
    ]);
    expect(checkLayers(files)).toEqual([
      { file: "app/stats/drift/psi.ts", specifier: "#db/client", why: expect.stringContaining("pure") },
    ]);
  });

  it("reports each folder's forbidden imports and passes the allowed ones", () => {
    const files = new Map([
      ["lib/contracts/x.ts", 'import type { A } from "#app/stats/a";\nimport { b } from "#db/b";\n'],
      ["db/queries/x.ts", 'import { log } from "#lib/log";\nexport { j } from "#jobs/runs";\n'],
      ["app/services/x.ts", 'import { db } from "#db/client";\nimport { e } from "#app/api/errors";\n'],
      ["jobs/x.ts", 'import { s } from "#app/services/s";\nconst m = await import("#app/server/context");\n'],
      ["app/components/x.tsx", 'import { Chart } from "./chart";\nimport { q } from "#db/queries/q";\n'],
    ]);
    expect(checkLayers(files).map(key)).toEqual([
      "lib/contracts/x.ts imports #db/b",
      "db/queries/x.ts imports #jobs/runs",
      "app/services/x.ts imports #app/api/errors",
      "jobs/x.ts imports #app/server/context",
      "app/components/x.tsx imports #db/queries/q",
    ]);
  });

  it("reports a relative import that leaves its folder, and resolves it for the layer rules", () => {
    const files = new Map([["app/stats/drift/psi.ts", 'import { x } from "../../../db/client";\n']]);
    expect(checkLayers(files).map((v) => v.why)).toEqual([
      expect.stringContaining("use an alias"),
      expect.stringContaining("pure"),
    ]);
  });

  it("resolves aliases and relative specifiers to repository paths, and leaves packages alone", () => {
    expect(resolveSpecifier("app/stats/drift/ks.ts", "#lib/log")).toBe("lib/log");
    expect(resolveSpecifier("app/stats/drift/ks.ts", "./psi")).toBe("app/stats/drift/psi");
    expect(resolveSpecifier("app/stats/drift/ks.ts", "../experiment/types")).toBe(
      "app/stats/experiment/types",
    );
    expect(resolveSpecifier("app/stats/drift/ks.ts", "node:path")).toBeNull();
    expect(resolveSpecifier("app/stats/drift/ks.ts", "@stdlib/stats-base-dists-t-cdf")).toBeNull();
  });

  it("sees type-only imports, re-exports and dynamic imports", () => {
    const source = 'import type { A } from "#a/a";\nexport * from "#b/b";\nawait import("#c/c");\n';
    expect(importSpecifiers(source)).toEqual(["#a/a", "#b/b", "#c/c"]);
  });
});
