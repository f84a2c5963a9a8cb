import { defineConfig } from "vitest/config";

// Kept apart from vite.config.ts: the React Router plugin must not load under vitest.
export default defineConfig({
  // The #app/*, #db/*, … aliases come from tsconfig.json `paths` (mirroring package.json `imports`).
  resolve: { tsconfigPaths: true },
  test: {
    // Playwright's e2e/*.spec.ts would otherwise be picked up too.
    include: [
      "app/**/*.test.ts",
      "db/**/*.test.ts",
      "jobs/**/*.test.ts",
      "lib/**/*.test.ts",
      "scripts/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    // Minutes of spawned servers and database clusters: `npm run test:reliability` runs those.
    exclude: ["test/reliability/**", "**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // CI asks for a JSON report too, to print one summary line (.ci/run).
    reporters: process.env.VITEST_JSON_REPORT ? ["default", "json"] : ["default"],
    outputFile: process.env.VITEST_JSON_REPORT ? { json: process.env.VITEST_JSON_REPORT } : undefined,
  },
});
