import { expect, test as setup } from "@playwright/test";
import { E2E_ADMIN, storageStateOf } from "./admin-key";

// Signs in through the real /login form once per project; the tests reuse the session cookie.
setup("sign in through /login", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2F$/);
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Generous: the first page after a cold start (scrypt, then the overview) is slow on a busy machine.
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(`Signed in as ${E2E_ADMIN.email}`)).toBeVisible();
  await page.context().storageState({ path: storageStateOf(testInfo.project.name.replace(/-sign-in$/, "")) });
});
