/** Signing in and out through the pages as the server runs them (test/page-server.ts). */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_PER_ACCOUNT } from "#app/auth/sign-in-limiter";
import { ABSOLUTE_MS, IDLE_MS, LOGIN_LINK_MS, createLoginLink } from "#app/services/sessions.server";
import { createUser, findUser, setUserEnabled, setUserRole } from "#app/services/users.server";
import { type TestApp, drivers, startTestApp } from "#test/harness";
import { pageHandler } from "#test/page-server";

const PASSWORD = "a-long-enough-password";

describe.each(drivers)("signing in (%s)", (driver) => {
  // Per driver: the sign-in limiter is per process, and both drivers' runs share this one.
  const ann = `ann.${driver}@example.com`;
  let app: TestApp;
  let handle: (request: Request) => Promise<Response>;
  beforeAll(async () => {
    app = await startTestApp(driver);
    handle = await pageHandler();
  });
  afterAll(() => app.stop());

  const signIn = (
    email: string,
    password: string,
    opts: { redirectTo?: string; address?: string; base?: string } = {},
  ) =>
    handle(
      new Request(`${opts.base ?? "http://localhost"}/login`, {
        method: "POST",
        headers: {
          "sec-fetch-site": "same-origin",
          "x-northstar-client-address": opts.address ?? "10.0.0.1",
        },
        body: new URLSearchParams({ email, password, redirectTo: opts.redirectTo ?? "/" }),
      }),
    );
  const cookieOf = (response: Response) => response.headers.get("set-cookie")?.split(";")[0] ?? "";
  const get = (url: string, cookie: string) =>
    handle(new Request(`http://localhost${url}`, { headers: { cookie } }));

  it("signs in with email and password into a httpOnly SameSite=Lax session cookie, back to the page asked for", async () => {
    await createUser(app.db.handle, { email: ann.toUpperCase(), role: "editor", password: PASSWORD });
    const response = await signIn(ann, PASSWORD, { redirectTo: "/experiments?status=running" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/experiments?status=running");
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^northstar_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect((await get("/experiments", cookieOf(response))).status).toBe(200);
    // Never to another site, whatever the form says.
    const evil = await signIn(ann, PASSWORD, { redirectTo: "//evil.example/x" });
    expect(evil.headers.get("location")).toBe("/");
  });

  it("marks the cookie Secure (and __Host-) over https", async () => {
    const response = await signIn(ann, PASSWORD, { base: "https://dash.example" });
    expect(response.headers.get("set-cookie")).toMatch(/^__Host-northstar_session=.*; Secure$/);
  });

  it("says the same for a wrong password and an unknown email, and rate-limits with 429 and Retry-After", async () => {
    const wrong = await signIn(ann, "not-the-password", { address: "10.1.0.1" });
    const unknown = await signIn("nobody@example.com", PASSWORD, { address: "10.1.0.1" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    for (let i = 1; i < MAX_PER_ACCOUNT; i++)
      await signIn(ann, "still-wrong-pass", { address: `10.2.0.${i}` });
    const limited = await signIn(ann, PASSWORD, { address: "10.3.0.1" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a form post from another site, or one that does not say where it comes from", async () => {
    const post = (headers: Record<string, string>) =>
      handle(
        new Request("http://localhost/metrics.data", {
          method: "POST",
          headers: { cookie: app.sessionCookies.admin, ...headers },
          body: new URLSearchParams({ key: "csrf", name: "CSRF", type: "proportion", event: "x" }),
        }),
      );
    expect((await post({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    // React Router's own origin check answers 400 before our 403: refused either way.
    expect([400, 403]).toContain((await post({ origin: "https://evil.example" })).status);
    expect((await post({})).status).toBe(403);
    const { body } = await app.api("GET", "/api/v1/metrics");
    expect(body.metrics.map((m: { key: string }) => m.key)).not.toContain("csrf");
    expect((await post({ origin: "http://localhost" })).status).toBe(200);
  });

  it("ends the session on sign-out: the same cookie no longer opens a page", async () => {
    await createUser(app.db.handle, { email: "otto@example.com", role: "viewer", password: PASSWORD });
    const cookie = cookieOf(await signIn("otto@example.com", PASSWORD, { address: "10.4.0.1" }));
    expect((await get("/", cookie)).status).toBe(200);
    const out = await handle(
      new Request("http://localhost/logout", {
        method: "POST",
        headers: { cookie, "sec-fetch-site": "same-origin" },
      }),
    );
    expect(out.status).toBe(302);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    const after = await get("/", cookie);
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toBe("/login?redirectTo=%2F");
  });

  it("ends a session after the idle timeout, and after the absolute limit even when used all along", async () => {
    const start = app.now.value;
    try {
      const idle = cookieOf(await signIn("otto@example.com", PASSWORD, { address: "10.5.0.1" }));
      app.now.value = new Date(start.getTime() + IDLE_MS + 60_000);
      expect((await get("/", idle)).status).toBe(302);

      app.now.value = start;
      const busy = cookieOf(await signIn("otto@example.com", PASSWORD, { address: "10.5.0.2" }));
      let t = start.getTime();
      while (t + IDLE_MS / 2 < start.getTime() + ABSOLUTE_MS) {
        t += IDLE_MS / 2;
        app.now.value = new Date(t);
        expect((await get("/", busy)).status).toBe(200);
      }
      app.now.value = new Date(start.getTime() + ABSOLUTE_MS + 1000);
      expect((await get("/", busy)).status).toBe(302);
    } finally {
      app.now.value = start;
    }
  });

  it("signs in once with a one-time link, and never again with the same link", async () => {
    const admin = await findUser(app.db.handle, "admin@test.example");
    const token = await createLoginLink(app.db.handle, admin?.id ?? 0, app.now.value);
    const first = await get(`/login/link?token=${token}`, "");
    expect(first.status).toBe(302);
    expect((await get("/settings/users", cookieOf(first))).status).toBe(200);
    const second = await get(`/login/link?token=${token}`, "");
    expect(second.status).toBe(200);
    expect(second.headers.get("set-cookie")).toBeNull();
  });

  it("forgets used and expired sign-in links when a new one is made", async () => {
    const admin = await findUser(app.db.handle, "admin@test.example");
    const start = app.now.value;
    const used = await createLoginLink(app.db.handle, admin?.id ?? 0, start);
    expect((await get(`/login/link?token=${used}`, "")).status).toBe(302);
    await createLoginLink(app.db.handle, admin?.id ?? 0, start);
    const later = new Date(start.getTime() + LOGIN_LINK_MS + 1000);
    const fresh = await createLoginLink(app.db.handle, admin?.id ?? 0, later);
    const rows = await app.db.handle.rows<{ n: string | number }>(
      sql`select count(*) as n from login_tokens`,
    );
    expect(Number(rows[0]?.n)).toBe(1);
    app.now.value = later;
    expect((await get(`/login/link?token=${fresh}`, "")).status).toBe(302);
    app.now.value = start;
  });

  it("ends a disabled user's sessions at once, and never disables or demotes the last admin", async () => {
    await createUser(app.db.handle, { email: "dora@example.com", role: "viewer", password: PASSWORD });
    const cookie = cookieOf(await signIn("dora@example.com", PASSWORD, { address: "10.6.0.1" }));
    await setUserEnabled(app.db.handle, "dora@example.com", false, app.now.value);
    expect((await get("/", cookie)).status).toBe(302);
    expect((await signIn("dora@example.com", PASSWORD, { address: "10.6.0.2" })).status).toBe(401);

    await expect(setUserRole(app.db.handle, "admin@test.example", "viewer")).rejects.toThrow(
      /last active admin/,
    );
    await expect(setUserEnabled(app.db.handle, "admin@test.example", false, app.now.value)).rejects.toThrow(
      /last active admin/,
    );
  });
});
