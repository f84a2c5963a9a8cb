/**
 * How `npm test` gets a Chromium for the browser tests, as a decision over injected probes so every
 * path can be tested without touching the machine: CHROMIUM_PATH, Debian's /usr/bin/chromium or
 * Playwright's own need nothing; otherwise download Playwright's, and if that fails (no network
 * to its CDN) install Debian's package when this is root with apt; else say how to get one.
 */
export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export const HOW_TO_GET_A_BROWSER =
  "No Chromium for the browser tests: set CHROMIUM_PATH to a Chromium binary, " +
  "or install Debian's (apt-get install chromium), " +
  "or run `npx playwright install chromium` on a machine that can reach Playwright's download server.";

export interface BrowserProbes {
  chromiumPathEnv: string | undefined;
  exists: (path: string) => boolean;
  playwrightChromium: () => string;
  /** `npx playwright install chromium`; true when it succeeded. */
  downloadPlaywrightChromium: () => boolean;
  isRoot: () => boolean;
  hasApt: () => boolean;
  /** `apt-get update -qq && apt-get install -y chromium`; true when it succeeded. */
  aptInstallChromium: () => boolean;
}

export type BrowserOutcome =
  | { ok: true; browser: string; how: "configured" | "found" | "downloaded" | "apt" }
  | { ok: false; message: string };

export function ensureBrowser(probe: BrowserProbes): BrowserOutcome {
  if (probe.chromiumPathEnv) {
    return probe.exists(probe.chromiumPathEnv)
      ? { ok: true, browser: probe.chromiumPathEnv, how: "configured" }
      : {
          ok: false,
          message: `CHROMIUM_PATH=${probe.chromiumPathEnv} does not exist. ${HOW_TO_GET_A_BROWSER}`,
        };
  }
  if (probe.exists(DEBIAN_CHROMIUM)) return { ok: true, browser: DEBIAN_CHROMIUM, how: "found" };
  const bundled = probe.playwrightChromium();
  if (probe.exists(bundled)) return { ok: true, browser: bundled, how: "found" };
  if (probe.downloadPlaywrightChromium() && probe.exists(bundled)) {
    return { ok: true, browser: bundled, how: "downloaded" };
  }
  if (probe.isRoot() && probe.hasApt() && probe.aptInstallChromium() && probe.exists(DEBIAN_CHROMIUM)) {
    return { ok: true, browser: DEBIAN_CHROMIUM, how: "apt" };
  }
  return { ok: false, message: HOW_TO_GET_A_BROWSER };
}
