import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { formatLift } from "#app/ui/format";
import { auth, createSignupExperiment, post } from "./api";
import { screenshotAtWidths } from "./screenshots";

test("the demo experiment page shows the verdict, the results table with interval bars, and the charts", async ({
  page,
}, testInfo) => {
  await page.goto("/experiments/job-ranker-v2");
  await expect(page.getByRole("heading", { name: "Job ranker v2 vs v1", level: 1 })).toBeVisible();
  // The demo's first results may still be computing: a refresh makes the page independent of that.
  await page.getByRole("button", { name: "Refresh results now" }).click();
  await expect(page.getByText(/Refreshed at/)).toBeVisible({ timeout: 60_000 });

  // Each arm names its model version and that version's drift status (the demo's model is monitored).
  const v2 = page.getByRole("listitem").filter({ hasText: /^Ranker v2: model/ });
  await expect(v2.getByRole("link", { name: "job-ranker v2" })).toBeVisible();
  await expect(v2).toContainText(/features? drifted|no feature drifted/);
  await expect(v2).toContainText(/performance within thresholds|below threshold/);
  // v1 is the demo's decaying model: its AUC is past the 0.7 threshold.
  const v1 = page.getByRole("listitem").filter({ hasText: /^Ranker v1: model/ });
  await expect(v1).toContainText(/below threshold: .*ROC AUC/);

  const table = page.getByRole("table", { name: "Results" });
  await expect(table).toBeVisible();
  await expect(table.getByRole("rowheader").first()).toContainText("Applied to a job");
  await expect(table.locator("svg[data-testid=interval-bar]")).not.toHaveCount(0);
  // An inconclusive row says what size of change the data could have detected.
  await expect(table).toContainText(/±[\d.]+% or more would likely have been detected/);
  await expect(page.getByTestId("lift-chart").first().locator(".recharts-wrapper > svg")).toBeVisible();
  await expect(page.getByTestId("units-chart").locator(".recharts-wrapper > svg")).toBeVisible();
  expect(await screenshotAtWidths(page, testInfo, "experiment")).toEqual([]);
});

test("an experiment fed over the API: Refresh results now computes it, the SRM banner warns, the lift matches the API", async ({
  page,
  request,
}, testInfo) => {
  const key = `e2e-srm-${Date.now()}`;
  await createSignupExperiment(request, key, "E2E skewed split");
  const started = await post(request, `/api/v1/experiments/${key}/start`, {}, 200);
  // Data counts from the start on (the API cannot back-date a start).
  const at = new Date(Date.parse(started.startedAt) + 100).toISOString();
  const later = new Date(Date.parse(started.startedAt) + 200).toISOString();
  const units = [
    ...Array.from({ length: 600 }, (_, i) => ({ unit: `c${i}`, variant: "control" })),
    ...Array.from({ length: 400 }, (_, i) => ({ unit: `t${i}`, variant: "treatment" })),
  ];
  await post(
    request,
    "/api/v1/assignments",
    { assignments: units.map((u) => ({ experiment: key, ...u, timestamp: at })) },
    200,
  );
  // 10% of control and 20% of treatment sign up.
  const signups = [...units.slice(0, 60), ...units.slice(600, 680)];
  await post(
    request,
    "/api/v1/events",
    {
      events: signups.map((u) => ({
        id: `${key}-${u.unit}`,
        unit: u.unit,
        name: "signup",
        timestamp: later,
      })),
    },
    200,
  );

  await page.goto(`/experiments/${key}`);
  await expect(page.getByRole("heading", { name: "No results yet" })).toBeVisible();
  // The empty state teaches what to send, with this server's own URL and this experiment's key.
  const help = page.getByTestId("send-data-help");
  await expect(help).toContainText(`curl -X POST ${new URL(page.url()).origin}/api/v1/assignments`);
  await expect(help).toContainText(`"experiment":"${key}"`);
  expect(await screenshotAtWidths(page, testInfo, "experiment-no-results")).toEqual([]);
  await page.getByRole("button", { name: "Refresh results now" }).click();
  await expect(page.getByText(/Refreshed at/)).toBeVisible({ timeout: 60_000 });

  const banner = page.getByRole("alert").filter({ hasText: "Sample ratio mismatch" });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText("600");
  await expect(banner).toContainText("400");

  const results = await (await request.get(`/api/v1/experiments/${key}/results`, { headers: auth })).json();
  const treatment = results.metrics[0].variants[1];
  expect(treatment.relativeLift).toBeGreaterThan(0.5);
  const row = page.getByRole("table", { name: "Results" }).getByRole("row", { name: /treatment/ });
  await expect(row).toContainText(formatLift(treatment.relativeLift));
  await expect(row).toContainText(`${formatLift(treatment.ciLow)} … ${formatLift(treatment.ciHigh)}`);
  expect(await screenshotAtWidths(page, testInfo, "experiment-srm")).toEqual([]);
});

test("starting and stopping an experiment ask for confirmation first", async ({ page, request }) => {
  const key = `e2e-lifecycle-${Date.now()}`;
  await createSignupExperiment(request, key, "E2E lifecycle");
  await page.goto(`/experiments/${key}`);
  const status = page.locator("header").getByText(/^(draft|running|stopped)$/);
  await expect(status).toHaveText("draft");

  await page.getByRole("button", { name: "Start…" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Start “E2E lifecycle”?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(status).toHaveText("draft");

  await page.getByRole("button", { name: "Start…" }).click();
  await page.getByRole("button", { name: "Start experiment" }).click();
  await expect(status).toHaveText("running");

  await page.getByRole("button", { name: "Stop…" }).click();
  await page.getByRole("button", { name: "Stop experiment" }).click();
  await expect(status).toHaveText("stopped");
  const api = await (await request.get(`/api/v1/experiments/${key}`, { headers: auth })).json();
  expect(api.status).toBe("stopped");
});

test("the results export downloads as CSV and JSON with the API's numbers", async ({ page, request }) => {
  await page.goto("/experiments/job-ranker-v2");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^job-ranker-v2-results-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...lines] = (await readFile(await file.path(), "utf8")).trimEnd().split("\r\n");
  const columns = (header ?? "").split(",");
  // The demo's names hold no commas or quotes, so a plain split parses its rows.
  const rows = lines.map((line) => Object.fromEntries(line.split(",").map((cell, i) => [columns[i], cell])));

  const api = await (
    await request.get("/api/v1/experiments/job-ranker-v2/results", { headers: auth })
  ).json();
  expect(rows).toHaveLength(
    api.metrics.reduce((n: number, m: { variants: unknown[] }) => n + m.variants.length, 0),
  );
  const primary = api.metrics.find((m: { role: string }) => m.role === "primary");
  const treatment = rows.find((r) => r.metric === primary.metric && r.is_control === "false");
  expect(Number(treatment?.relative_lift)).toBe(primary.variants[1].relativeLift);
  expect(Number(treatment?.ci_low)).toBe(primary.variants[1].ciLow);

  const json = await (await request.get("/experiments/job-ranker-v2/export/json")).json();
  expect(json.rows).toHaveLength(rows.length);
  expect(json.asOf).toBe(api.asOf);
});
