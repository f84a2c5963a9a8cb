/**
 * Integration-test harness: a clean, migrated database per test file on each driver, and a
 * client that sends real Requests through React Router's own route matching (app/routes.ts) to
 * the same loaders and actions the server runs.
 */
import { randomBytes } from "node:crypto";
import { type RouteObject, createStaticHandler, matchRoutes } from "react-router";
import routes from "#app/routes";
import { setContext } from "#app/server/context.server";
import { silentLogger } from "#lib/log";
import type { WebhookSettings } from "#lib/webhooks/settings";
import { createApiKey } from "#app/services/api-keys.server";
import { createSession } from "#app/services/sessions.server";
import { createUser, findUser } from "#app/services/users.server";
import { USER_ROLES, type UserRole } from "#lib/vocabulary";
import { jobs } from "#jobs/registry";
import { type JobRunner, startJobRunner } from "#jobs/runner";
import type { Method, Operations } from "#app/api/operation";
import { responseProblems } from "#test/api/response-contract";
import { createThrowawayPglite, createThrowawayPostgres, type ThrowawayDatabase } from "./throwaway-database";

type TestDriver = "pglite" | "postgres";

/** PGlite always; the real Postgres too when DATABASE_URL is set (CI sets it). */
export const drivers: TestDriver[] = process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/** A fresh database: in-memory PGlite, or a new database on the DATABASE_URL server (dropped afterwards). */
export function createTestDatabase(driver: TestDriver): Promise<ThrowawayDatabase> {
  if (driver === "pglite") return createThrowawayPglite();
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  return createThrowawayPostgres(url, "northstar_test", 5);
}

type ConfigEntry = { path?: string; index?: boolean; file: string; children?: ConfigEntry[] };
const modules = import.meta.glob("../app/routes/api/*.ts");

function toRouteObjects(entries: ConfigEntry[]): RouteObject[] {
  return entries
    .filter((e) => e.file.startsWith("routes/api/"))
    .map((e) => {
      const load = modules[`../app/${e.file}`];
      if (!load) throw new Error(`route module ${e.file} not found`);
      return {
        id: e.file,
        path: e.path,
        lazy: async () => {
          const mod = (await load()) as { loader?: RouteObject["loader"]; action?: RouteObject["action"] };
          return { loader: mod.loader, action: mod.action };
        },
      } as RouteObject;
    });
}

const routeObjects = toRouteObjects(routes as unknown as ConfigEntry[]);
const handler = createStaticHandler(routeObjects);

/** The operation React Router's matching picks for a request, as its route module declares it. */
async function operationFor(request: Request) {
  const route = matchRoutes(routeObjects, new URL(request.url).pathname)?.at(-1)?.route;
  const load = route?.id ? modules[`../app/${route.id}`] : undefined;
  if (!load) return undefined;
  const operations = ((await load()) as { loader?: { operations?: Operations } }).loader?.operations;
  const method = request.method.toUpperCase();
  return operations?.[(method === "HEAD" ? "GET" : method) as Method];
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON response bodies.
  body: any;
}

export interface RequestOptions {
  key?: string | null;
  body?: unknown;
  /** A raw body string (sent as-is, for malformed-JSON tests). */
  raw?: string;
  headers?: Record<string, string>;
}

/**
 * An API client bound to a key; `request` returns status, headers and the parsed JSON body, and
 * throws when the response is not what the OpenAPI document publishes for its operation.
 */
export function apiClient(defaultKey: string) {
  return async function request(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse> {
    const key = options.key === undefined ? defaultKey : options.key;
    const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}) };
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers["content-type"] = "application/json";
    Object.assign(headers, options.headers);
    const request = new Request(`http://localhost${path}`, { method, headers, body });
    const response = (await handler.queryRoute(request)) as Response;
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : null;
    // Every response the suite receives must be what the OpenAPI document publishes for it.
    const problems = responseProblems(await operationFor(request), response.status, parsed);
    if (problems.length > 0) {
      throw new Error(
        `${method} ${path} answered ${response.status}, which its published schema does not allow:\n  ${problems.join("\n  ")}`,
      );
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
}

export interface TestApp {
  db: ThrowawayDatabase;
  adminKey: string;
  ingestKey: string;
  /** A signed-in session cookie (`name=token`) per role: users `<role>@test.example`. */
  sessionCookies: Record<UserRole, string>;
  /**
   * A Request to a page as a signed-in user (admin unless said), from the dashboard's own origin
   * as a browser's form post would be.
   */
  pageRequest(url: string, init?: RequestInit & { role?: UserRole }): Request;
  api: ReturnType<typeof apiClient>;
  now: { value: Date };
  runner: JobRunner | null;
  stop(): Promise<void>;
}

/** Stands in for the job runner in tests that do not exercise jobs: any use fails loudly. */
const noJobs: JobRunner = {
  enqueue: () => Promise.reject(new Error("this test started without a job runner")),
  schedules: () => [],
  stop: () => Promise.resolve(),
};

/** Webhook settings for tests: a fresh key, and loopback allowed (tests' receivers listen there). */
export function testWebhookSettings(overrides: Partial<WebhookSettings> = {}): WebhookSettings {
  return {
    secretKey: randomBytes(32),
    allowPrivate: true,
    inboxUrl: null,
    publicUrl: "http://northstar.test",
    ...overrides,
  };
}

/**
 * Opens a database, installs it as the app context, and creates an admin and an ingest key.
 * With `jobs`, a real pg-boss runner executes queued runs in this process.
 */
export async function startTestApp(
  driver: TestDriver,
  options: { jobs?: boolean; webhooks?: Partial<WebhookSettings> } = {},
): Promise<TestApp> {
  const db = await createTestDatabase(driver);
  const now = { value: new Date() };
  const webhooks = testWebhookSettings(options.webhooks);
  const runner = options.jobs
    ? await startJobRunner({
        db: db.handle,
        log: silentLogger,
        jobs,
        work: true,
        pollingIntervalSeconds: 0.5,
        webhooks,
      })
    : null;
  setContext({ db: db.handle, log: silentLogger, now: () => now.value, jobs: runner ?? noJobs, webhooks });
  const admin = await createApiKey(db.handle, { name: "test-admin", scope: "admin" });
  const ingest = await createApiKey(db.handle, { name: "test-ingest", scope: "ingest" });
  const sessionCookies = {} as Record<UserRole, string>;
  for (const role of USER_ROLES) {
    // No password: a session is all a page test needs, and scrypt would cost ~100 ms per user.
    await createUser(db.handle, { email: `${role}@test.example`, role, password: null });
    const user = await findUser(db.handle, `${role}@test.example`);
    if (!user) throw new Error(`test user ${role}@test.example was not created`);
    sessionCookies[role] = `northstar_session=${await createSession(db.handle, user.id, now.value)}`;
  }
  return {
    db,
    adminKey: admin.key,
    ingestKey: ingest.key,
    sessionCookies,
    pageRequest(url, { role = "admin", ...init } = {}) {
      const headers = new Headers(init.headers);
      headers.set("cookie", sessionCookies[role]);
      if (init.method && init.method !== "GET") headers.set("sec-fetch-site", "same-origin");
      return new Request(url, { ...init, headers });
    },
    api: apiClient(admin.key),
    now,
    runner,
    async stop() {
      await runner?.stop();
      await db.drop();
    },
  };
}
