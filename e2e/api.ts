import type { APIRequestContext } from "@playwright/test";
import { E2E_ADMIN_KEY } from "./admin-key";

export const auth = { authorization: `Bearer ${E2E_ADMIN_KEY}` };

/** POST with the admin key; fails the test on anything but the expected status. */
export async function post(request: APIRequestContext, url: string, data: unknown, status = 201) {
  const response = await request.post(url, { headers: auth, data });
  if (response.status() !== status) {
    throw new Error(`POST ${url} → ${response.status()}: ${await response.text()}`);
  }
  return response.json();
}

/** A two-arm 50/50 draft experiment on a "Signed up" proportion metric (created once per run). */
export async function createSignupExperiment(request: APIRequestContext, key: string, name: string) {
  // 409 when an earlier test of this run defined the metric already.
  await request.post("/api/v1/metrics", {
    headers: auth,
    data: { key: "e2e-signup", name: "Signed up", type: "proportion", event: "signup" },
  });
  return post(request, "/api/v1/experiments", {
    key,
    name,
    variants: [
      { key: "control", weight: 0.5 },
      { key: "treatment", weight: 0.5 },
    ],
    metrics: { primary: "e2e-signup" },
  });
}
