import { expect, test } from "@playwright/test";
import { screenshotAtWidths } from "./screenshots";

test.setTimeout(180_000);

test("the demo experiment breaks results down by platform and country, with the exploratory caveat", async ({
  page,
}, testInfo) => {
  await page.goto("/experiments/job-ranker-v2");
  // The demo's first results may still be computing: a refresh makes the page independent of that.
  await page.getByRole("button", { name: "Refresh results now" }).click();
  await expect(page.getByText(/Refreshed at/)).toBeVisible({ timeout: 60_000 });

  const section = page.locator("#breakdown");
  await expect(section.getByRole("heading", { name: "Breakdown by platform" })).toBeVisible();
  await expect(section).toContainText(/Exploratory: \d+ comparison\(s\) across 3 value\(s\) of platform/);
  const applied = section.getByRole("table", { name: /^Applied to a job.* by platform$/ });
  for (const platform of ["ios", "android", "web"]) {
    await expect(applied.getByRole("rowheader", { name: platform })).toBeVisible();
  }
  expect(await screenshotAtWidths(page, testInfo, "breakdown-platform")).toEqual([]);

  await section.getByRole("navigation", { name: "Dimension" }).getByRole("link", { name: "country" }).click();
  await expect(page).toHaveURL(/dimension=country/);
  await expect(section.getByRole("heading", { name: "Breakdown by country" })).toBeVisible();
  const byCountry = section.getByRole("table", { name: /^Applied to a job.* by country$/ });
  await expect(byCountry.getByRole("rowheader", { name: "FR" })).toBeVisible();
  // The largest value first.
  await expect(byCountry.getByRole("rowheader").first()).toHaveText("FR");
  expect(await screenshotAtWidths(page, testInfo, "breakdown-country")).toEqual([]);
});
