import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

const PAGES = [
  "/",
  "/experiments",
  "/experiments/new",
  "/experiments/power",
  "/experiments/onboarding-checklist",
  "/experiments/salary-first-alerts",
  "/experiments/job-ranker-v2",
  "/metrics",
  "/models",
  "/jobs",
  "/alerts",
  "/settings/users",
  "/settings/api-keys",
  "/experiments/no-such-experiment",
];

for (const path of PAGES) {
  test(`axe finds no accessibility violations on ${path}`, async ({ page }) => {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(
      violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    ).toEqual([]);
  });
}

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("axe finds no accessibility violations on /login", async ({ page }) => {
    await page.goto("/login");
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
