import { expect, test } from "@playwright/test";
import { E2E_ADMIN_KEY } from "./admin-key";

test("the home page renders and lists an experiment created over the API", async ({ page, request }) => {
  const auth = { authorization: `Bearer ${E2E_ADMIN_KEY}` };
  await request.post("/api/v1/metrics", {
    headers: auth,
    data: { key: "e2e-applies", name: "Applies", type: "proportion", event: "apply" },
  });
  const created = await request.post("/api/v1/experiments", {
    headers: auth,
    data: {
      key: "e2e-ranker",
      name: "E2E ranker test",
      variants: [
        { key: "control", weight: 0.5 },
        { key: "treatment", weight: 0.5 },
      ],
      metrics: { primary: "e2e-applies" },
    },
  });
  expect(created.status()).toBe(201);

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Northstar" })).toBeVisible();
  const row = page.getByRole("row", { name: /E2E ranker test/ });
  await expect(row).toBeVisible();
  await expect(row.getByText("draft")).toBeVisible();
  // A fresh embedded database starts with the demo experiment, already running.
  await expect(page.getByRole("row", { name: /Job ranker v2 vs v1/ }).getByText("running")).toBeVisible();
});
