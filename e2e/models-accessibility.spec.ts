import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";

async function violations(page: Page) {
  await page.waitForLoadState("networkidle");
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

// Pages with the charts drawn (after hydration) and the drill-down open, not only their server HTML.
const PAGES = ["/models", "/models/job-ranker", "/models/job-ranker/versions/v2", "/models/job-search"];

for (const path of PAGES) {
  test(`axe finds no accessibility violations on ${path}`, async ({ page }) => {
    await page.goto(path);
    expect(await violations(page)).toEqual([]);
  });
}

test("axe finds no accessibility violations on a feature's drill-down with its settings open", async ({
  page,
}) => {
  await page.goto("/models/job-ranker");
  const first = page.getByRole("table", { name: "Feature drift" }).getByRole("row").nth(1);
  const feature = (await first.getByRole("rowheader").textContent()) ?? "";
  await first.getByRole("link", { name: feature }).click();
  await expect(page.getByRole("heading", { name: `Drill-down: ${feature}` })).toBeVisible();
  await page.getByText("Method and threshold, model-wide and per feature").click();
  expect(await violations(page)).toEqual([]);
});

test("axe finds no accessibility violations on the jobs page following a run", async ({ page }) => {
  await page.goto("/jobs");
  const drift = page.getByRole("region", { name: "model-drift" });
  await drift.getByRole("button", { name: "Run now" }).click();
  await expect(page.getByTestId("run-now-model-drift")).toContainText("succeeded", { timeout: 60_000 });
  expect(await violations(page)).toEqual([]);
});
