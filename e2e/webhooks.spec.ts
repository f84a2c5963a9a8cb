import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { screenshotAtWidths } from "./screenshots";

test("the demo's webhook delivers a signed test message to the built-in inbox", async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.name !== "pglite", "the inbox exists only on the embedded database");
  await page.goto("/alerts/webhooks");
  const section = page.getByRole("region", { name: /Demo inbox/ });
  await expect(section).toBeVisible();
  const sendTest = section.locator("form").filter({ has: page.getByRole("button", { name: "Send test" }) });
  await sendTest.getByRole("button", { name: "Send test" }).click();
  // The Send test form's live region, not the deliveries table's "Queued" column or its Redeliver
  // buttons' regions (the demo's alerts have sent messages already).
  await expect(sendTest.locator('[aria-live="polite"]')).toHaveText("Queued");
  // The test message's own row: the demo's alerts have delivered messages of other types already,
  // so any "delivered" cell could be theirs while the test message is still queued.
  const testDelivery = section
    .getByRole("row")
    .filter({ hasText: "webhook.test" })
    .filter({ has: page.getByRole("cell", { name: /delivered/ }) });
  await expect(async () => {
    await page.reload();
    await expect(testDelivery.first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  expect(await screenshotAtWidths(page, testInfo, "webhooks")).toEqual([]);

  await page.getByRole("link", { name: "Inbox" }).click();
  await expect(page.getByRole("heading", { name: "Webhook inbox", level: 1 })).toBeVisible();
  const message = page.getByRole("listitem").filter({ hasText: "webhook.test" }).first();
  await expect(message).toContainText("Signature verified");
  expect(await screenshotAtWidths(page, testInfo, "webhook-inbox")).toEqual([]);

  await page.goto("/alerts/webhooks");
  const redeliver = page
    .getByRole("region", { name: /Demo inbox/ })
    .locator("form")
    .filter({ has: page.getByRole("button", { name: "Redeliver" }) })
    .first();
  await redeliver.getByRole("button", { name: "Redeliver" }).click();
  // That form's live region: the deliveries table has a "Queued" column too.
  await expect(redeliver.locator('[aria-live="polite"]')).toHaveText("Queued");
});

test("without the demo inbox its pages are not found", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === "pglite", "the embedded demo serves the inbox");
  const response = await page.goto("/alerts/inbox");
  expect(response?.status()).toBe(404);
  await page.goto("/alerts/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
});

test("an admin adds a webhook: a bad URL is refused beside its field, the fixed one is listed", async ({
  page,
}, testInfo) => {
  await page.goto("/alerts/webhooks");
  const form = page.getByRole("region", { name: "Add a webhook" });
  const url = form.getByLabel("URL");
  await url.fill("hooks.example.com/northstar");
  await form.getByLabel("Description").fill("On-call pager");
  await form.getByRole("button", { name: "Add webhook" }).click();
  await expect(form.getByRole("alert")).toContainText("The webhook was not added");
  await expect(url).toHaveAttribute("aria-invalid", "true");
  await expect(form.locator("#webhook-url-error")).toHaveText("is not a valid URL");
  // What was typed stays, to be fixed rather than typed again.
  await expect(url).toHaveValue("hooks.example.com/northstar");
  await expect(form.getByLabel("Description")).toHaveValue("On-call pager");
  expect(await screenshotAtWidths(page, testInfo, "webhooks-create-error")).toEqual([]);
  // The page is in no axe sweep of its own; the refused form is its busiest state.
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // A public address, so the SSRF guard lets it through without DNS (the test machine may have none).
  await url.fill("https://93.184.215.14/northstar");
  await form.getByRole("button", { name: "Add webhook" }).click();
  const notice = form.getByRole("status");
  await expect(notice).toContainText("Added “On-call pager”");
  await expect(form.getByTestId("new-webhook-secret")).toHaveText(/^whsec_/);
  await expect(url).toHaveValue("");
  await expect(url).not.toHaveAttribute("aria-invalid");
  const listed = page.getByRole("region", { name: "On-call pager" });
  await expect(listed).toContainText("https://93.184.215.14/northstar");
  await expect(listed).toContainText("enabled");
  expect(await screenshotAtWidths(page, testInfo, "webhooks-create")).toEqual([]);

  // Shown once: after a reload the page has no secret anywhere.
  await page.reload();
  await expect(page.getByRole("region", { name: "On-call pager" })).toBeVisible();
  await expect(page.getByTestId("new-webhook-secret")).toHaveCount(0);
});
