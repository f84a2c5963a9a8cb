import { expect, test } from "@playwright/test";
import { screenshotAtWidths } from "./screenshots";

test("defining a ratio metric: the missing denominator is named beside its field, then the metric is listed", async ({
  page,
}, testInfo) => {
  const key = `e2e-ratio-${Date.now()}`;
  await page.goto("/metrics");
  const form = page.getByRole("region", { name: "Define a metric" });
  await form.getByLabel("Key").fill(key);
  await form.getByLabel("Name").fill("E2E applies per click");
  await form.getByLabel("Type").selectOption("ratio");
  await form.getByLabel("Numerator event").fill("apply");
  await form.getByRole("button", { name: "Define metric" }).click();

  const denominator = form.getByLabel("Denominator event");
  await expect(denominator).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("required for a ratio metric")).toBeVisible();
  expect(await screenshotAtWidths(page, testInfo, "metrics-error")).toEqual([]);

  await denominator.fill("click");
  await form.getByRole("button", { name: "Define metric" }).click();
  await expect(page.getByText(`Metric “${key}” defined.`)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(key) })).toContainText("Σ apply ÷ Σ click");
});
