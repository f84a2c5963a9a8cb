import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { screenshotAtWidths } from "./screenshots";

test("the engine switch re-analyses the demo experiment as Bayesian from its stored sums, and back", async ({
  page,
}, testInfo) => {
  await page.goto("/experiments/job-ranker-v2");
  // A refresh makes the page independent of the demo's first background run.
  await page.getByRole("button", { name: "Refresh results now" }).click();
  await expect(page.getByText(/Refreshed at/)).toBeVisible({ timeout: 60_000 });

  const engine = page.getByRole("navigation", { name: "Analysis engine" });
  const table = page.getByRole("table", { name: "Results" });
  await expect(table.getByRole("columnheader", { name: "p-value" })).toBeVisible();
  // The demo runs without CUPED, so no covariate sums are stored to turn it on.
  await expect(page.getByText(/only when the experiment runs with CUPED/)).toBeVisible();

  await engine.getByRole("link", { name: "Bayesian" }).click();
  await expect(page).toHaveURL(/\?engine=bayesian&cuped=off$/);
  await expect(table.getByRole("columnheader", { name: "Chance to win" })).toBeVisible();
  await expect(table).toContainText(/\d% chance to win/);
  await expect(page.getByText("Re-analysed from stored sums; the job publishes Frequentist.")).toBeVisible();
  await expect(page.getByRole("link", { name: "JSON" })).toHaveAttribute(
    "href",
    "/experiments/job-ranker-v2/export/json",
  );
  expect(await screenshotAtWidths(page, testInfo, "experiment-bayesian")).toEqual([]);
  const { violations } = await new AxeBuilder({ page }).include("main").analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  await engine.getByRole("link", { name: "Frequentist" }).click();
  await expect(page).toHaveURL(/\?engine=frequentist&cuped=off$/);
  await expect(table.getByRole("columnheader", { name: "p-value" })).toBeVisible();
  await expect(page.getByText(/Re-analysed from stored sums/)).toHaveCount(0);
});
