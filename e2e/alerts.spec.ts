import { expect, type Page, test } from "@playwright/test";
import { screenshotAtWidths } from "./screenshots";

/** The demo's jobs run once the server starts: reload until their alerts are there. */
async function untilAlertsFire(page: Page, path: string) {
  await expect(async () => {
    await page.goto(path);
    await expect(
      page.getByRole("region", { name: /Open alerts/ }).getByText("Sample ratio mismatch"),
    ).toBeVisible({
      timeout: 1_000,
    });
  }).toPass({ timeout: 90_000 });
}

test("the demo's alerts fire: /alerts lists them with links to what they are about, and their history", async ({
  page,
}, testInfo) => {
  await untilAlertsFire(page, "/alerts");
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
  const open = page.getByRole("table", { name: "Open alerts" });
  const srm = open.getByRole("row", { name: /Sample ratio mismatch/ });
  await expect(srm).toContainText("firing");
  await expect(srm).toContainText("p < 0.001");
  // v1 drifts in the demo's new city; v2 is not served there.
  await expect(open.getByRole("row", { name: /Job ranker drift.*job-ranker v1/ })).toContainText("firing");
  const history = page.getByRole("table", { name: "Alert transitions, newest first" });
  await expect(history.getByRole("row", { name: /Sample ratio mismatch/ }).first()).toContainText(
    "alert.firing sent",
  );
  expect(await screenshotAtWidths(page, testInfo, "alerts")).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 900 });
  await srm.getByRole("link", { name: "onboarding-checklist" }).click();
  await expect(page).toHaveURL(/\/experiments\/onboarding-checklist$/);
});

test("the overview shows the open alerts first", async ({ page }, testInfo) => {
  await untilAlertsFire(page, "/");
  const section = page.getByRole("region", { name: /Open alerts/ });
  await expect(section.getByRole("heading")).toContainText(/\(\d+ firing, \d+ pending\)/);
  await expect(section.getByRole("link", { name: "onboarding-checklist" })).toBeVisible();
  expect(await screenshotAtWidths(page, testInfo, "overview-alerts")).toEqual([]);
});

test("a rule is created with the form (field errors first), edited, disabled and deleted", async ({
  page,
}) => {
  await page.goto("/alerts");
  const form = page.getByRole("region", { name: "New rule" });
  await form.getByRole("combobox", { name: "Kind" }).selectOption("guardrail");
  await form.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByRole("alert")).toContainText("The rule was not saved");
  await expect(form.getByRole("textbox", { name: "Name" })).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("combobox", { name: "Experiment" })).toHaveAttribute("aria-invalid", "true");

  await form.getByRole("textbox", { name: "Name" }).fill("Onboarding metric moved");
  await form.getByRole("combobox", { name: "Kind" }).selectOption("metric_significant");
  await form.getByRole("combobox", { name: "Experiment" }).selectOption("onboarding-checklist");
  await form.getByRole("textbox", { name: "Metric" }).fill("profile-completed");
  await form.getByRole("textbox", { name: "For" }).fill("soon");
  await form.getByRole("button", { name: "Create rule" }).click();
  await expect(form.getByRole("textbox", { name: "For" })).toHaveAttribute("aria-invalid", "true");
  await expect(form).toContainText("must be a duration");
  await form.getByRole("textbox", { name: "For" }).fill("15m");
  await form.getByRole("button", { name: "Create rule" }).click();

  const rules = page.getByRole("table", { name: "Alert rules" });
  const row = rules.getByRole("row", { name: /Onboarding metric moved/ });
  await expect(row).toContainText("profile-completed significant (either direction) on onboarding-checklist");
  await expect(row).toContainText("holds 15m");

  await row.getByRole("link", { name: "Edit Onboarding metric moved" }).click();
  const edit = page.getByRole("region", { name: 'Edit rule "Onboarding metric moved"' });
  await expect(edit.getByRole("textbox", { name: "Metric" })).toHaveValue("profile-completed");
  await edit.getByRole("textbox", { name: "Repeat interval" }).fill("1h");
  await edit.getByRole("button", { name: "Save rule" }).click();
  await expect(row).toContainText("repeats every 1h");

  await row.getByRole("button", { name: "Disable Onboarding metric moved" }).click();
  await expect(row).toContainText("disabled");
  await row.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete rule" }).click();
  await expect(rules.getByRole("row", { name: /Onboarding metric moved/ })).toHaveCount(0);
});
