import { defineConfig } from "vitest/config";

/**
 * `npm run test:reliability`: fuzz, crash, outage and concurrency tests under test/reliability/.
 * They spawn servers and database clusters and take minutes, so `npm run test:unit` leaves them
 * out (vitest.config.ts) and CI runs them as a step of their own (.ci/run). Files run one at a
 * time: each one loads the 2-core machine on its own.
 */
export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ["test/reliability/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: "forks",
    fileParallelism: false,
  },
});
