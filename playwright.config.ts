import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E_ADMIN_KEY } from "./e2e/admin-key";

const PORT = Number(process.env.E2E_PORT ?? 3100);

/**
 * The browser: CHROMIUM_PATH, else Debian's /usr/bin/chromium (what CI installs), else
 * Playwright's own download (`npx playwright install chromium` on a networked machine).
 */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  return undefined;
}

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [[process.env.CI ? "list" : "line"], ["json", { outputFile: "reports/e2e.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: { executablePath: chromiumPath() },
    trace: "retain-on-failure",
  },
  webServer: {
    // A fresh embedded database per run: the browser tests see exactly what a newcomer's `npm start` serves.
    command: "npm start",
    url: `http://127.0.0.1:${PORT}/api/v1/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: {
      PORT: String(PORT),
      NORTHSTAR_DATA_DIR: path.join(tmpdir(), `northstar-e2e-${Date.now()}`),
      NORTHSTAR_BOOTSTRAP_KEY: E2E_ADMIN_KEY,
      DATABASE_URL: "",
      NODE_ENV: "production",
    },
  },
});
