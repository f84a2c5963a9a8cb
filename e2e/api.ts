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
