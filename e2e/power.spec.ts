import { expect, test } from "@playwright/test";
import { requiredSampleSize } from "#app/stats/experiment/power";
import { screenshotAtWidths } from "./screenshots";

test("the power calculator, reached from the new-experiment form, plans units per variant and days", async ({
  page,
}, testInfo) => {
  await page.goto("/experiments/new");
  const link = page.getByRole("link", { name: "power calculator" });
  await expect(link).toHaveAttribute("href", "/experiments/power");
  await page.goto("/experiments/power");
  await expect(page.getByRole("heading", { name: "Power calculator", level: 1 })).toBeVisible();

  await page.getByLabel("Baseline rate (%)").fill("12");
  await page.getByLabel("Minimum detectable effect (%)").fill("10");
  await page.getByLabel("Units per day").fill("1500");
  await page.getByRole("button", { name: "Calculate" }).click();
  const expected = requiredSampleSize({ metricType: "proportion", baselineRate: 0.12 }, 0.1);
  if (expected.status !== "ok") throw new Error("engine refused the inputs");
  const units = expected.nPerVariant;
  await expect(page.getByTestId("units-per-variant")).toHaveText(units.toLocaleString("en-US"));
  await expect(page.getByTestId("days-needed")).toHaveText(String(Math.ceil((2 * units) / 1500)));

  await page.getByLabel("Number of variants").fill("1");
  await page.getByRole("button", { name: "Calculate" }).click();
  await expect(page.getByText("at least 2")).toBeVisible();
  await expect(page.getByLabel("Number of variants")).toHaveAttribute("aria-invalid", "true");
  expect(await screenshotAtWidths(page, testInfo, "power")).toEqual([]);
});
