import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E_ADMIN, E2E_ADMIN_KEY, storageStateOf } from "./e2e/admin-key";

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

/**
 * PostgreSQL too when DATABASE_URL is set (an admin URL, as for the integration tests): every
 * spec runs once per driver, each against its own server and fresh database.
 */
const POSTGRES_URL = process.env.DATABASE_URL;
const POSTGRES_PORT = PORT + 1;

const pgliteServer = {
  // A fresh embedded database per run: the browser tests see exactly what a newcomer's `npm start` serves.
  command: "npm start",
  url: `http://127.0.0.1:${PORT}/api/v1/health`,
  // Build, migrations and the demo seed: measured 2 min 47 s on the shared 2-core machine with six sessions.
  timeout: 300_000,
  reuseExistingServer: false,
  env: {
    PORT: String(PORT),
    NORTHSTAR_DATA_DIR: path.join(tmpdir(), `northstar-e2e-${Date.now()}`),
    NORTHSTAR_BOOTSTRAP_KEY: E2E_ADMIN_KEY,
    NORTHSTAR_ADMIN_EMAIL: E2E_ADMIN.email,
    NORTHSTAR_ADMIN_PASSWORD: E2E_ADMIN.password,
    DATABASE_URL: "",
    NODE_ENV: "production",
  },
};

// Started after the first server is up, so it serves the build `npm start` has just made.
const postgresServer = {
  command: "npx tsx e2e/postgres-server.ts",
  url: `http://127.0.0.1:${POSTGRES_PORT}/api/v1/health`,
  timeout: 180_000,
  reuseExistingServer: false,
  // SIGTERM, so the server shuts down and its throw-away database is dropped.
  gracefulShutdown: { signal: "SIGTERM" as const, timeout: 20_000 },
  env: {
    PORT: String(POSTGRES_PORT),
    E2E_POSTGRES_URL: POSTGRES_URL ?? "",
    // PostgreSQL has no generated key as the embedded database has: without one, webhooks cannot be added.
    NORTHSTAR_SECRET_KEY: randomBytes(32).toString("base64"),
    NORTHSTAR_BOOTSTRAP_KEY: E2E_ADMIN_KEY,
    NORTHSTAR_ADMIN_EMAIL: E2E_ADMIN.email,
    NORTHSTAR_ADMIN_PASSWORD: E2E_ADMIN.password,
    NODE_ENV: "production",
  },
};

function signedInProjects(name: string, port: number) {
  const baseURL = `http://127.0.0.1:${port}`;
  return [
    { name: `${name}-sign-in`, testMatch: /sign-in\.setup\.ts/, use: { baseURL } },
    {
      name,
      dependencies: [`${name}-sign-in`],
      use: { baseURL, storageState: storageStateOf(name) },
    },
  ];
}

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [[process.env.CI ? "list" : "line"], ["json", { outputFile: "reports/e2e.json" }]],
  use: {
    launchOptions: { executablePath: chromiumPath() },
    trace: "retain-on-failure",
  },
  // Each driver's project first signs in through /login (e2e/sign-in.setup.ts) and every test then
  // starts signed in as the e2e admin; a test that needs to be signed out says so.
  projects: [
    ...signedInProjects("pglite", PORT),
    ...(POSTGRES_URL ? signedInProjects("postgres", POSTGRES_PORT) : []),
  ],
  webServer: POSTGRES_URL ? [pgliteServer, postgresServer] : [pgliteServer],
});
