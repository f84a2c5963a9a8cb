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
