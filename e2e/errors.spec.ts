import { expect, test } from "@playwright/test";
import { screenshotAtWidths } from "./screenshots";

test("a missing experiment is a 404 page with the way back home, not a 500", async ({ page }, testInfo) => {
  const response = await page.goto("/experiments/no-such-experiment");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByText('No experiment with key "no-such-experiment"')).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  expect(await screenshotAtWidths(page, testInfo, "not-found")).toEqual([]);
  await page.getByRole("link", { name: "Back to the overview" }).click();
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
});

test("an unknown address is a 404 page that does not show the router's internals", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByText("There is nothing at this address.")).toBeVisible();
});

test("a missing experiment's data request answers 404 too", async ({ request }) => {
  const response = await request.get("/experiments/no-such-experiment.data");
  expect(response.status()).toBe(404);
});
