import { expect, test } from "@playwright/test";
import { screenshotAtWidths } from "./screenshots";

// The first results of a fresh demo are computed in the background just after the server listens.
const RESULTS_TIMEOUT = 90_000;

test("the demo's onboarding experiment carries the sample ratio mismatch banner", async ({
  page,
}, testInfo) => {
  await page.goto("/experiments/onboarding-checklist");
  const banner = page.getByRole("alert").filter({ hasText: "Sample ratio mismatch" });
  await expect(async () => {
    await page.reload();
    await expect(banner).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: RESULTS_TIMEOUT });
  await expect(page.getByText(/demo/i).first()).toBeVisible();
  expect(await screenshotAtWidths(page, testInfo, "demo-srm")).toEqual([]);
});

test("the demo's stopped experiment shows its treatment losing on the primary metric", async ({
  page,
}, testInfo) => {
  await page.goto("/experiments/salary-first-alerts");
  const table = page.getByRole("table", { name: "Results" });
  await expect(async () => {
    await page.reload();
    await expect(table).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: RESULTS_TIMEOUT });
  await expect(page.getByText("stopped", { exact: false }).first()).toBeVisible();
  await expect(table.getByRole("row", { name: /Salary first/ }).first()).toContainText(/Loss/);
  expect(await screenshotAtWidths(page, testInfo, "demo-stopped")).toEqual([]);
});
