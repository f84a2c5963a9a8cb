import { type Page, expect, test } from "@playwright/test";
import { E2E_ADMIN } from "./admin-key";
import { auth } from "./api";
import { screenshotAtWidths } from "./screenshots";

const signedOut = { storageState: { cookies: [], origins: [] } };

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test.describe("signed out", () => {
  test.use(signedOut);

  test("a visitor is sent to /login and, signed in, lands on the page they asked for", async ({ page }) => {
    await page.goto("/experiments?status=running");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fexperiments%3Fstatus%3Drunning$/);
    await signIn(page, E2E_ADMIN.email, "not the password at all");
    await expect(page.getByRole("alert")).toHaveText("Wrong email or password.");
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page).toHaveURL(/\/experiments\?status=running$/);
    await expect(page.getByRole("heading", { name: "Experiments", level: 1 })).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/metrics");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fmetrics$/);
  });

  test("no page's data reaches a signed-out visitor, neither in HTML nor in its data request", async ({
    request,
  }) => {
    for (const path of ["/", "/experiments", "/experiments/job-ranker-v2", "/metrics", "/models", "/jobs"]) {
      const html = await request.get(path, { maxRedirects: 0 });
      expect(html.status(), path).toBe(302);
      const data = await request.get(path === "/" ? "/_.data" : `${path}.data`, { maxRedirects: 0 });
      const body = await data.text();
      expect(body, path).toContain("/login?redirectTo=");
      expect(body, path).not.toContain('job-ranker-v2","name');
    }
  });
});

test("pages carry a nonce CSP and the security headers, and hydrate under that CSP", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text()))
      violations.push(message.text());
  });
  const response = await page.goto("/experiments");
  const headers = response?.headers() ?? {};
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[\w+/=]{24}'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // A client-side navigation only works once React has hydrated, which needs the nonce'd scripts.
  await page.getByRole("link", { name: "Metrics" }).click();
  await expect(page.getByRole("heading", { name: "Metrics", level: 1 })).toBeVisible();
  const again = await page.request.get("/experiments");
  expect(again.headers()["content-security-policy"]).not.toBe(csp);
  expect(violations).toEqual([]);
});

test("an admin creates an API key in the dashboard, sees it once, and it works", async ({
  page,
  request,
}) => {
  const name = `e2e-key-${Date.now()}`;
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Scope").selectOption("admin");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByRole("status")).toContainText("it is not shown again");
  const key = (await page.getByTestId("new-api-key").textContent()) ?? "";
  expect(key).toMatch(/^ns_/);
  const api = await request.get("/api/v1/experiments", { headers: { authorization: `Bearer ${key}` } });
  expect(api.status()).toBe(200);
  await page.reload();
  await expect(page.getByRole("cell", { name, exact: true })).toBeVisible();
  await expect(page.getByText(key)).toHaveCount(0);
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("revoked");
});

test("an admin adds a viewer, who can read but not manage users", async ({
  page,
  browser,
  request,
}, testInfo) => {
  const email = `viewer-${Date.now()}@example.com`;
  const password = "viewer-password-123";
  await page.goto("/settings/users");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText(`Created ${email} (viewer).`)).toBeVisible();

  const context = await browser.newContext(signedOut);
  const viewer = await context.newPage();
  await viewer.goto("/experiments");
  await signIn(viewer, email, password);
  await expect(viewer.getByRole("heading", { name: "Experiments", level: 1 })).toBeVisible();
  await expect(viewer.getByRole("link", { name: "Users" })).toHaveCount(0);
  const forbidden = await viewer.goto("/settings/users");
  expect(forbidden?.status()).toBe(403);

  // A viewer is not offered what the pages' actions would refuse: no buttons that answer 403.
  await viewer.goto("/experiments");
  await expect(viewer.getByRole("table")).toBeVisible();
  await expect(viewer.getByRole("link", { name: "New experiment", exact: true })).toHaveCount(0);
  await expect(
    viewer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }),
  ).toHaveCount(0);
  await viewer.goto("/experiments/job-ranker-v2");
  await expect(viewer.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Refresh results now" })).toHaveCount(0);
  expect(await screenshotAtWidths(viewer, testInfo, "experiment-viewer")).toEqual([]);
  await viewer.goto("/metrics");
  await expect(viewer.getByRole("heading", { name: "Metrics", level: 1 })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Define metric" })).toHaveCount(0);
  await viewer.goto("/jobs");
  await expect(viewer.getByRole("heading", { name: "Jobs", level: 1 })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Run now" })).toHaveCount(0);
  await viewer.goto("/alerts");
  await expect(viewer.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Create rule" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await expect(viewer.getByRole("link", { name: "webhooks", exact: true })).toHaveCount(0);
  expect(await screenshotAtWidths(viewer, testInfo, "alerts-viewer")).toEqual([]);
  await viewer.goto("/models/job-ranker");
  await expect(viewer.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(viewer.getByRole("heading", { name: "Drift settings" })).toHaveCount(0);
  await context.close();
  // The API still answers to keys only.
  expect((await request.get("/api/v1/experiments", { headers: auth })).status()).toBe(200);
});
