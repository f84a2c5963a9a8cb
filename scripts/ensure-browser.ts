/**
 * Before the browser tests: make sure playwright.config.ts will find a Chromium, so `npm test` is
 * one command on a fresh machine. CHROMIUM_PATH or Debian's /usr/bin/chromium need nothing;
 * otherwise Playwright's own Chromium is downloaded once (which needs a networked machine).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

const configured = process.env.CHROMIUM_PATH;
if (configured && !existsSync(configured)) {
  console.error(`CHROMIUM_PATH=${configured} does not exist`);
  process.exit(1);
}
if (!configured && !existsSync("/usr/bin/chromium") && !existsSync(chromium.executablePath())) {
  console.log("No Chromium found: installing Playwright's (npx playwright install chromium) …");
  const result = spawnSync("npx", ["playwright", "install", "chromium"], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}
