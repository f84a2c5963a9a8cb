/**
 * Before the browser tests: make sure playwright.config.ts will find a Chromium, so `npm test` is
 * one command on a fresh machine (the decision itself is in browser-setup.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { ensureBrowser } from "./browser-setup";

const run = (command: string, args: string[]) => spawnSync(command, args, { stdio: "inherit" }).status === 0;

const outcome = ensureBrowser({
  chromiumPathEnv: process.env.CHROMIUM_PATH || undefined,
  exists: existsSync,
  playwrightChromium: () => chromium.executablePath(),
  downloadPlaywrightChromium: () => {
    console.log("No Chromium found: downloading Playwright's (npx playwright install chromium) …");
    return run("npx", ["playwright", "install", "chromium"]);
  },
  isRoot: () => process.getuid?.() === 0,
  hasApt: () => existsSync("/usr/bin/apt-get"),
  aptInstallChromium: () => {
    console.log("The download failed: installing Debian's chromium with apt-get …");
    return run("sh", [
      "-c",
      "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium",
    ]);
  },
});
if (!outcome.ok) {
  console.error(outcome.message);
  process.exit(1);
}
