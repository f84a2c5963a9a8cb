import { expect, test } from "@playwright/test";
import { auth } from "./api";
import { screenshotAtWidths } from "./screenshots";

test("creating an experiment through the form: a field error is shown beside its field, fixed, and the experiment created", async ({
  page,
  request,
}, testInfo) => {
  const key = `e2e-form-${Date.now()}`;
  await page.goto("/experiments");
  await page.getByRole("link", { name: "New experiment" }).click();
  await expect(page.getByRole("heading", { name: "New experiment", level: 1 })).toBeVisible();

  await page.getByLabel("Key", { exact: true }).fill("Not A Key");
  await page.getByLabel("Name", { exact: true }).fill("E2E form experiment");
  await page.getByLabel("Hypothesis").fill("A form makes experiments easy to set up.");
  await page.getByLabel("Variant 2 key").fill("ranker-v2");
  await page.getByLabel("Variant 2 model", { exact: true }).fill("job-ranker");
  await page.getByLabel("Variant 2 model version").fill("v2");
  await page.getByLabel("Primary metric").selectOption({ label: "Applied to a job (7 days)" });
  await page.getByRole("group", { name: "Guardrails" }).getByLabel("Jobs hidden per student").check();
  await page.getByRole("button", { name: "Create experiment" }).click();

  const keyField = page.getByLabel("Key", { exact: true });
  await expect(keyField).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("must match [a-z0-9][a-z0-9_-]{0,63}")).toBeVisible();
  expect(await screenshotAtWidths(page, testInfo, "new-experiment-error")).toEqual([]);

  await keyField.fill(key);
  await page.getByRole("button", { name: "Create experiment" }).click();
  await expect(page).toHaveURL(new RegExp(`/experiments/${key}$`));
  await expect(page.getByRole("heading", { name: "E2E form experiment", level: 1 })).toBeVisible();

  const created = await (await request.get(`/api/v1/experiments/${key}`, { headers: auth })).json();
  expect(created).toMatchObject({
    status: "draft",
    variants: [{ key: "control" }, { key: "ranker-v2", model: "job-ranker", modelVersion: "v2" }],
    metrics: { primary: "applied", guardrails: ["hides"] },
  });
});
