import { describe, expect, it, vi } from "vitest";
import { type BrowserProbes, DEBIAN_CHROMIUM, HOW_TO_GET_A_BROWSER, ensureBrowser } from "./browser-setup";

const BUNDLED = "/home/me/.cache/ms-playwright/chromium/chrome";

/** A machine with nothing installed, no network and no root, unless a test says otherwise. */
function machine(overrides: Partial<BrowserProbes> & { files?: string[] } = {}) {
  const files = new Set(overrides.files ?? []);
  const probes: BrowserProbes = {
    chromiumPathEnv: undefined,
    exists: (path) => files.has(path),
    playwrightChromium: () => BUNDLED,
    downloadPlaywrightChromium: vi.fn(() => false),
    isRoot: () => false,
    hasApt: () => true,
    aptInstallChromium: vi.fn(() => false),
    ...overrides,
  };
  return { probes, files };
}

describe("ensureBrowser", () => {
  it("uses CHROMIUM_PATH when it exists, without downloading", () => {
    const { probes } = machine({ chromiumPathEnv: "/opt/chromium", files: ["/opt/chromium"] });
    expect(ensureBrowser(probes)).toEqual({ ok: true, browser: "/opt/chromium", how: "configured" });
    expect(probes.downloadPlaywrightChromium).not.toHaveBeenCalled();
  });

  it("fails naming CHROMIUM_PATH when it points nowhere, even if another browser exists", () => {
    const { probes } = machine({ chromiumPathEnv: "/opt/nothing", files: [DEBIAN_CHROMIUM] });
    const outcome = ensureBrowser(probes);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toMatch(/^CHROMIUM_PATH=\/opt\/nothing does not exist/);
  });

  it("finds Debian's chromium, then Playwright's, before any download", () => {
    expect(ensureBrowser(machine({ files: [DEBIAN_CHROMIUM, BUNDLED] }).probes)).toMatchObject({
      browser: DEBIAN_CHROMIUM,
      how: "found",
    });
    const { probes } = machine({ files: [BUNDLED] });
    expect(ensureBrowser(probes)).toMatchObject({ browser: BUNDLED, how: "found" });
    expect(probes.downloadPlaywrightChromium).not.toHaveBeenCalled();
  });

  it("downloads Playwright's Chromium when none is installed", () => {
    const state = machine();
    state.probes.downloadPlaywrightChromium = vi.fn(() => {
      state.files.add(BUNDLED);
      return true;
    });
    expect(ensureBrowser(state.probes)).toEqual({ ok: true, browser: BUNDLED, how: "downloaded" });
    expect(state.probes.aptInstallChromium).not.toHaveBeenCalled();
  });

  it("installs Debian's chromium with apt when the download fails and it runs as root", () => {
    const state = machine({ isRoot: () => true });
    state.probes.aptInstallChromium = vi.fn(() => {
      state.files.add(DEBIAN_CHROMIUM);
      return true;
    });
    expect(ensureBrowser(state.probes)).toEqual({ ok: true, browser: DEBIAN_CHROMIUM, how: "apt" });
  });

  it("does not try apt without root, and says in one line how to get a browser", () => {
    const { probes } = machine({ isRoot: () => false });
    expect(ensureBrowser(probes)).toEqual({ ok: false, message: HOW_TO_GET_A_BROWSER });
    expect(probes.aptInstallChromium).not.toHaveBeenCalled();
    expect(HOW_TO_GET_A_BROWSER).not.toContain("\n");
    for (const way of ["CHROMIUM_PATH", "apt-get install chromium", "npx playwright install"]) {
      expect(HOW_TO_GET_A_BROWSER).toContain(way);
    }
  });

  it("does not try apt on a root machine without apt-get", () => {
    const { probes } = machine({ isRoot: () => true, hasApt: () => false });
    expect(ensureBrowser(probes).ok).toBe(false);
    expect(probes.aptInstallChromium).not.toHaveBeenCalled();
  });

  it("fails when apt runs but leaves no browser behind", () => {
    const { probes } = machine({ isRoot: () => true, aptInstallChromium: vi.fn(() => true) });
    expect(ensureBrowser(probes)).toEqual({ ok: false, message: HOW_TO_GET_A_BROWSER });
  });
});
