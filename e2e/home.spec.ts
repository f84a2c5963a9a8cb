import { expect, test } from "@playwright/test";
import { auth } from "./api";
import { screenshotAtWidths } from "./screenshots";

test("the overview shows the running demo experiment with its verdict, and the navigation reaches every page", async ({
  page,
}, testInfo) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  const demo = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: "Job ranker v2 vs v1" }) });
  await expect(demo).toBeVisible();
  await expect(demo.getByText(/Win|Loss|Inconclusive|Not enough data/).first()).toBeVisible();
  // Monitored models sit beside the experiments, with their health in words.
  const models = page.getByRole("region", { name: "Monitored models" });
  await expect(models.getByRole("link", { name: /Job ranker/ })).toBeVisible();
  await expect(models.getByText(/Below threshold|Drift|Healthy/).first()).toBeVisible();
  expect(await screenshotAtWidths(page, testInfo, "overview")).toEqual([]);

  const nav = page.getByRole("navigation", { name: "Main" });
  for (const label of ["Experiments", "Metrics", "Models", "Jobs", "Overview"]) {
    await nav.getByRole("link", { name: label }).click();
    await expect(page.getByRole("heading", { name: label, level: 1 })).toBeVisible();
    if (label !== "Overview")
      expect(await screenshotAtWidths(page, testInfo, label.toLowerCase())).toEqual([]);
  }
});

test("the experiments list shows an experiment created over the API, newest first, and filters by status and text", async ({
  page,
  request,
}) => {
  await request.post("/api/v1/metrics", {
    headers: auth,
    data: { key: "e2e-applies", name: "Applies", type: "proportion", event: "apply" },
  });
  const created = await request.post("/api/v1/experiments", {
    headers: auth,
    data: {
      key: "e2e-ranker",
      name: "E2E ranker test",
      variants: [
        { key: "control", weight: 0.5 },
        { key: "treatment", weight: 0.5 },
      ],
      metrics: { primary: "e2e-applies" },
    },
  });
  expect([201, 409]).toContain(created.status());

  await page.goto("/experiments");
  const rows = page.getByRole("row");
  await expect(rows.nth(1)).toContainText("E2E ranker test");
  await expect(page.getByRole("row", { name: /E2E ranker test/ }).getByText("draft")).toBeVisible();
  await expect(page.getByRole("row", { name: /Job ranker v2 vs v1/ }).getByText("running")).toBeVisible();

  await page.getByLabel("Status").selectOption("running");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=running/);
  await expect(page.getByRole("row", { name: /E2E ranker test/ })).toHaveCount(0);
  await expect(page.getByRole("row", { name: /Job ranker v2 vs v1/ })).toBeVisible();

  await page.getByLabel("Status").selectOption("");
  await page.getByLabel("Search").fill("e2e-ranker");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("row", { name: /E2E ranker test/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Job ranker v2 vs v1/ })).toHaveCount(0);
});
