import { expect, test } from "@playwright/test";
import { screenshotAtWidths } from "./screenshots";

test("the jobs page lists schedules and runs, and a run started with Run now goes to succeeded", async ({
  page,
}, testInfo) => {
  await page.goto("/jobs");
  await expect(page.getByRole("heading", { name: "Jobs", level: 1 })).toBeVisible();
  const drift = page.getByRole("region", { name: "model-drift" });
  await expect(drift.getByRole("table", { name: "Recent runs of model-drift" })).toBeVisible();
  await drift.getByRole("button", { name: "Run now" }).click();
  await expect(page.getByTestId("run-now-model-drift")).toContainText(/Run #\d+: ✓?succeeded/, {
    timeout: 60_000,
  });
  // The page revalidated: the new run is in the table with its scanned rows.
  const runId = (await page.getByTestId("run-now-model-drift").textContent())?.match(/#(\d+)/)?.[1];
  await expect(drift.getByRole("row", { name: new RegExp(`#${runId}`) })).toContainText("succeeded");
  await expect(drift.getByRole("row", { name: new RegExp(`#${runId}`) })).toContainText("manual");
  expect(await screenshotAtWidths(page, testInfo, "jobs")).toEqual([]);
});

test("Run now for one model follows that run to its end and shows how long it took", async ({ page }) => {
  await page.goto("/jobs");
  const performance = page.getByRole("region", { name: "model-performance" });
  await performance.getByRole("combobox", { name: "For" }).selectOption("job-ranker");
  await performance.getByRole("button", { name: "Run now" }).click();
  const status = page.getByTestId("run-now-model-performance");
  await expect(status).toContainText(/Run #\d+: /);
  await expect(status).toContainText(/✓?succeeded in [\d,]+ ms \(job-ranker\)/, { timeout: 60_000 });
  const runId = (await status.textContent())?.match(/#(\d+)/)?.[1];
  const row = performance.getByRole("row", { name: new RegExp(`#${runId}`) });
  await expect(row).toContainText("succeeded");
  await expect(row.getByRole("link", { name: "job-ranker" })).toBeVisible();
});

test("the experiment job offers the experiments, not the models, as targets", async ({ page }) => {
  await page.goto("/jobs");
  const target = page
    .getByRole("region", { name: "experiment-results" })
    .getByRole("combobox", { name: "For" });
  await expect(target.getByRole("option", { name: "all experiments" })).toHaveCount(1);
  await expect(target.getByRole("option", { name: /^experiment / }).first()).toBeAttached();
  await expect(target.getByRole("option", { name: /^model / })).toHaveCount(0);
});
