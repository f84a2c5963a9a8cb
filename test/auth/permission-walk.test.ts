/**
 * The permission walk: every page route (from app/routes.ts, as a document and as its `.data`
 * request, loader and action), and every API operation (from the operation registry), called as
 * anonymous, viewer, editor and admin, and with each key scope — each answer checked against the
 * one table, app/auth/permissions.ts. A route or operation without a row fails the walk.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadApiRoutes } from "#app/api/registry.server";
import type { Method } from "#app/api/operation";
import { API_PREFIX } from "#app/api/paths";
import {
  API_PERMISSIONS,
  PAGE_PERMISSIONS,
  type PageRule,
  roleAllows,
  scopeAllows,
} from "#app/auth/permissions";
import { createSession } from "#app/services/sessions.server";
import { findUser } from "#app/services/users.server";
import { createStandardMetrics, runningExperiment } from "#test/fixtures";
import { type TestApp, drivers, startTestApp } from "#test/harness";
import { pageHandler, pageModules, pageRoutes } from "#test/page-server";
import { API_KEY_SCOPES, USER_ROLES, type UserRole } from "#lib/vocabulary";

const ROLES = [null, ...USER_ROLES] as const;
type Outcome = "allowed" | "sign-in required" | "forbidden";

/** A route's table row: app/routes/<name>.tsx → PAGE_PERMISSIONS[name]. */
const rowName = (file: string) => path.basename(file).replace(/\.tsx?$/, "");
const pageRule = (name: string): PageRule | undefined => (PAGE_PERMISSIONS as Record<string, PageRule>)[name];

/** Values for the path parameters, so each page answers for a thing that exists. */
function concrete(routePath: string): string {
  const model = routePath.startsWith("models");
  return `/${routePath
    .replace(":key", model ? "walk-model" : "walk-test")
    .replace(":version", "v1")
    .replace(":format", "csv")
    .replace(":name", "experiment-results")
    .replace(":id", "1")}`;
}

function expected(role: UserRole | null, required: PageRule["read"]): Outcome {
  if (roleAllows(role, required)) return "allowed";
  return role === null ? "sign-in required" : "forbidden";
}

/** What a page answer means: sent to sign in, refused, or let through to the page's own code. */
async function outcomeOf(response: Response): Promise<Outcome> {
  const location = response.headers.get("location") ?? "";
  const body = response.status === 202 ? await response.text() : "";
  if (location.startsWith("/login?redirectTo=") || /"redirect","\/login\?redirectTo=/.test(body)) {
    return "sign-in required";
  }
  return response.status === 403 ? "forbidden" : "allowed";
}

describe("the permission table", () => {
  it("has a row for every page route with a loader or action, and no row for a route that is gone", async () => {
    const modules = await pageModules();
    const served = new Set(["root"]);
    for (const route of pageRoutes) {
      const module = modules.get(route.id) ?? {};
      if (!("loader" in module) && !("action" in module)) continue;
      const name = rowName(route.file);
      served.add(name);
      expect(
        pageRule(name),
        `app/${route.file} has no row in app/auth/permissions.ts PAGE_PERMISSIONS`,
      ).toBeDefined();
      if ("action" in module)
        expect(pageRule(name)?.write, `app/${route.file} has an action but no write rule`).toBeDefined();
    }
    expect(Object.keys(PAGE_PERMISSIONS).filter((name) => !served.has(name))).toEqual([]);
  });

  it("has a row for every API operation, agreeing with the scope the operation declares, and no stale row", () => {
    const declared = new Set<string>();
    for (const route of loadApiRoutes()) {
      for (const [method, op] of Object.entries(route.operations)) {
        const row = `${method} ${route.path}`;
        declared.add(row);
        expect(row in API_PERMISSIONS, `${row} has no row in app/auth/permissions.ts API_PERMISSIONS`).toBe(
          true,
        );
        expect(op?.scope, `${row}: the operation's scope disagrees with the table`).toBe(
          API_PERMISSIONS[row],
        );
      }
    }
    expect(Object.keys(API_PERMISSIONS).filter((row) => !declared.has(row))).toEqual([]);
  });
});

describe.each(drivers)("the permission walk (%s)", (driver) => {
  let app: TestApp;
  let handle: (request: Request) => Promise<Response>;
  let modules: Map<string, Record<string, unknown>>;
  const userIds = new Map<UserRole, number>();

  beforeAll(async () => {
    app = await startTestApp(driver);
    await createStandardMetrics(app);
    await runningExperiment(app, "walk-test");
    await app.api("POST", "/api/v1/models", {
      body: { key: "walk-model", name: "Walk model", task: "binary_classification" },
    });
    for (const role of USER_ROLES) {
      const user = await findUser(app.db.handle, `${role}@test.example`);
      if (user) userIds.set(role, user.id);
    }
    handle = await pageHandler();
    modules = await pageModules();
  });
  afterAll(() => app.stop());

  /** A request as `role`, with a session of its own (so the walk's sign-out ends only that one). */
  async function as(role: UserRole | null, url: string, init: RequestInit = {}): Promise<Request> {
    const headers = new Headers(init.headers);
    if (role) {
      const token = await createSession(app.db.handle, userIds.get(role) ?? 0, app.now.value);
      headers.set("cookie", `northstar_session=${token}`);
    }
    return new Request(`http://localhost${url}`, { ...init, headers });
  }

  it("answers every page, its data request and its form post as the table says, for every role", async () => {
    const mismatches: string[] = [];
    const checked: string[] = [];
    for (const route of pageRoutes) {
      const module = modules.get(route.id) ?? {};
      const rule = pageRule(rowName(route.file));
      if (!rule) continue; // the table test above names it
      const url = concrete(route.path);
      const isPage = "default" in module;
      const dataUrl = url === "/" ? "/_.data" : `${url}.data`;
      for (const role of ROLES) {
        const calls: Array<[string, Request, PageRule["read"] | undefined]> = [];
        if ("loader" in module) {
          calls.push([`GET ${url}`, await as(role, url), rule.read]);
          if (isPage) calls.push([`GET ${dataUrl}`, await as(role, dataUrl), rule.read]);
        }
        if ("action" in module) {
          const post = {
            method: "POST",
            body: new URLSearchParams({ intent: "walk" }),
            headers: { "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" },
          };
          calls.push([
            `POST ${isPage ? dataUrl : url}`,
            await as(role, isPage ? dataUrl : url, post),
            rule.write,
          ]);
        }
        for (const [what, request, required] of calls) {
          if (!required) continue;
          const got = await outcomeOf(await handle(request));
          const want = expected(role, required);
          checked.push(what);
          if (got !== want) mismatches.push(`${what} as ${role ?? "anonymous"}: ${got}, table says ${want}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked.length).toBeGreaterThan(pageRoutes.length * ROLES.length);
  });

  it("keeps the public root loader's data to who is signed in", async () => {
    const anonymous = await (await handle(await as(null, "/login.data"))).text();
    expect(anonymous).toContain('"user"');
    expect(anonymous).not.toContain("@test.example");
    expect(anonymous).not.toContain("walk-test");
    const viewer = await (await handle(await as("viewer", "/login/link.data"))).text();
    expect(viewer).toContain("viewer@test.example");
    expect(viewer).not.toContain("walk-test");
  });

  it("answers every API operation as the table says, for every key scope and without a key", async () => {
    const mismatches: string[] = [];
    const credentials = [null, ...API_KEY_SCOPES] as const;
    const keys = { admin: app.adminKey, ingest: app.ingestKey };
    for (const route of loadApiRoutes()) {
      for (const method of Object.keys(route.operations) as Method[]) {
        const row = `${method} ${route.path}`;
        const required = API_PERMISSIONS[row];
        if (required === undefined) continue;
        const url = `/${API_PREFIX}${concrete(route.path)}`;
        for (const scope of credentials) {
          const body = method === "GET" ? undefined : {};
          const { status } = await app.api(method, url, { key: scope ? keys[scope] : null, body });
          const got = status === 401 ? "unauthorized" : status === 403 ? "forbidden" : "allowed";
          const want = scopeAllows(scope, required)
            ? "allowed"
            : scope === null
              ? "unauthorized"
              : "forbidden";
          if (got !== want)
            mismatches.push(`${row} with ${scope ?? "no"} key: ${status}, table says ${want}`);
        }
        // A dashboard session is no API credential: the API answers to keys only.
        if (required !== null) {
          const { status } = await app.api(method, url, {
            key: null,
            body: method === "GET" ? undefined : {},
            headers: { cookie: app.sessionCookies.admin },
          });
          if (status !== 401)
            mismatches.push(`${row} with an admin's session cookie: ${status}, should be 401`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
