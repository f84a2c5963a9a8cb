import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getContext } from "#app/server/context.server";
import { type TestApp, drivers, startTestApp } from "#test/harness";
import { action } from "./alerts-webhooks";
import { webhooksPage } from "./alerts-webhooks.server";

function post(app: TestApp, fields: Record<string, string>, role?: "viewer" | "editor" | "admin") {
  const request = app.pageRequest("http://localhost/alerts/webhooks", {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    ...(role ? { role } : {}),
  });
  return action({ request, params: {}, context: {} } as unknown as Parameters<typeof action>[0]).then(
    (result) => result as unknown as { data: Record<string, unknown>; init: { status?: number } | null },
    (error: unknown) => error as { data: Record<string, unknown>; init: { status?: number } },
  );
}

describe.each(drivers)("the webhooks page's add form (%s)", (driver) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(driver, { webhooks: { allowPrivate: false } });
  });
  afterAll(() => app.stop());

  it("puts the API schema's and the URL guard's refusals beside their fields", async () => {
    const missing = await post(app, { intent: "create", format: "teams" });
    expect(missing.init?.status).toBe(400);
    expect(Object.keys(missing.data.errors as object).sort()).toEqual(["format", "url"]);
    const loopback = await post(app, { intent: "create", url: "http://127.0.0.1:9/hook" });
    expect(loopback.init?.status).toBe(400);
    expect(loopback.data).toEqual({ errors: { url: expect.stringContaining("loopback") } });
  });

  it("shows a new webhook's secret in the action's answer only, never in the page's data", async () => {
    const added = await post(app, {
      intent: "create",
      url: "https://93.184.215.14/northstar",
      description: "on-call",
    });
    const created = added.data.created as { label: string; secret: string };
    expect(created.label).toBe("on-call");
    expect(created.secret).toMatch(/^whsec_/);
    const view = await webhooksPage(await getContext());
    expect(view.webhooks.map((w) => w.description)).toContain("on-call");
    expect(JSON.stringify(view)).not.toContain(created.secret);
  });

  it("refuses editors and viewers server-side, as the page's other actions", async () => {
    for (const role of ["viewer", "editor"] as const) {
      const refused = await post(app, { intent: "create", url: "https://93.184.215.14/x" }, role);
      expect(refused.init?.status).toBe(403);
    }
    const view = await webhooksPage(await getContext());
    expect(view.webhooks.filter((w) => w.url === "https://93.184.215.14/x")).toEqual([]);
  });
});
