import { expect, type Page, test } from "@playwright/test";
import { screenshotAtWidths } from "./screenshots";

/** The demo's snapshots may still be computing at startup: run both monitoring jobs to be sure. */
async function runMonitoringJobs(page: Page) {
  await page.goto("/jobs");
  for (const job of ["model-drift", "model-performance"]) {
    await page.getByRole("region", { name: job }).getByRole("button", { name: "Run now" }).click();
    await expect(page.getByTestId(`run-now-${job}`)).toContainText("succeeded", { timeout: 60_000 });
  }
}

test("the models list shows the demo model's health in words", async ({ page }, testInfo) => {
  await runMonitoringJobs(page);
  await page.goto("/models");
  const row = page.getByRole("row", { name: /Job ranker/ });
  await expect(row).toContainText("binary classification");
  await expect(row).toContainText("v1, v2");
  await expect(row).toContainText(/Drift|Below threshold/);
  await expect(page.getByRole("row", { name: /Job search ranker/ })).toContainText("ranking");
  expect(await screenshotAtWidths(page, testInfo, "models")).toEqual([]);
});

test("the demo's drifting model: drifted feature first, its drill-down draws both distributions, AUC has its threshold", async ({
  page,
}, testInfo) => {
  await runMonitoringJobs(page);
  await page.goto("/models/job-ranker");
  await expect(page.getByRole("heading", { name: "Job ranker (P(apply))", level: 1 })).toBeVisible();

  const auc = page.getByRole("figure").filter({ hasText: "ROC AUC" });
  await expect(auc.locator(".recharts-wrapper > svg")).toBeVisible();
  await expect(auc.locator(".recharts-reference-line")).toHaveCount(1);
  await expect(auc.getByText(/threshold 0\.7/)).toBeVisible();

  const drift = page.getByRole("table", { name: "Feature drift" });
  const first = drift.getByRole("row").nth(1);
  await expect(first).toContainText("Drifted");
  await expect(first.getByRole("rowheader")).toHaveText(/distance_km|market/);
  await expect(first).toContainText("v1");
  const feature = (await first.getByRole("rowheader").textContent()) ?? "";

  // Score distribution: reference and current overlaid on one chart, the numbers in a table.
  const score = page.getByTestId("score-chart").first();
  await expect(score.locator(".recharts-bar")).toHaveCount(2);
  await expect(score.locator(".recharts-bar-rectangle path[fill-opacity='0.45']").first()).toBeAttached();
  await expect(
    page.getByRole("table", { name: "Score distribution of v1", includeHidden: true }),
  ).toBeAttached();
  expect(await screenshotAtWidths(page, testInfo, "model")).toEqual([]);

  await first.getByRole("link", { name: feature }).click();
  await expect(page.getByRole("heading", { name: `Drill-down: ${feature}` })).toBeVisible();
  const v1 = page.getByTestId("drill-down").filter({ has: page.getByRole("heading", { name: /^v1:/ }) });
  await expect(v1.getByText("Drifted")).toBeVisible();
  const bars = v1.getByTestId("distribution-chart");
  await expect(bars.locator(".recharts-wrapper > svg")).toBeVisible();
  await expect(bars.locator(".recharts-bar")).toHaveCount(2);
  await expect(bars.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(v1.getByTestId("drift-history-chart").locator(".recharts-reference-line")).toHaveCount(1);
  expect(await screenshotAtWidths(page, testInfo, "model-drill-down")).toEqual([]);
});

test("the version deep link shows one version and which experiment arm serves it", async ({
  page,
}, testInfo) => {
  await page.goto("/models/job-ranker/versions/v2");
  await expect(page.getByRole("heading", { name: "Job ranker (P(apply)) · v2", level: 1 })).toBeVisible();
  const versions = page.getByRole("table", { name: "Versions" });
  await expect(versions.getByRole("row")).toHaveCount(2);
  await expect(versions).toContainText("treatment");
  expect(await screenshotAtWidths(page, testInfo, "model-version")).toEqual([]);
});

test("drift settings: a bad threshold is refused beside its field, a good one is saved and drift recomputed", async ({
  page,
}) => {
  await page.goto("/models/job-ranker#settings");
  await page.getByText("Method and threshold, model-wide and per feature").click();
  const threshold = page.getByRole("textbox", { name: "Threshold for remote" });
  await threshold.fill("-1");
  await page.getByRole("button", { name: "Save and recompute drift" }).click();
  await expect(page.getByText("Not saved: fix the fields marked above.")).toBeVisible();
  await expect(threshold).toHaveAttribute("aria-invalid", "true");

  await threshold.fill("0.25");
  await page.getByRole("button", { name: "Save and recompute drift" }).click();
  await expect(page.getByText(/Saved\. Drift run #\d+: succeeded/)).toBeVisible({ timeout: 60_000 });
  const remote = page
    .getByRole("table", { name: "Feature drift" })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: "remote" }) });
  await expect(remote.first()).toContainText("0.25");
});

test("the demo's ranking model charts its ranking metrics per day", async ({ page }, testInfo) => {
  await runMonitoringJobs(page);
  await page.goto("/models/job-search");
  await expect(page.getByRole("heading", { name: "Job search ranker", level: 1 })).toBeVisible();
  for (const metric of ["NDCG@10", "MRR@10", "Recall@5"]) {
    const figure = page.getByRole("figure").filter({ hasText: metric });
    await expect(figure.locator(".recharts-wrapper > svg")).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: "Calibration and confusion" })).toHaveCount(0);
  expect(await screenshotAtWidths(page, testInfo, "model-ranking")).toEqual([]);
});

test("the score distribution's numbers are in the server-rendered page, for people who can't see charts", async ({
  request,
}) => {
  const html = await (await request.get("/models/job-ranker")).text();
  expect(html).toContain("Score distribution of v1");
  expect(html).toMatch(/<th[^>]*>Reference<\/th>/);
});
