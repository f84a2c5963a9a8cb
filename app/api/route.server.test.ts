/**
 * An API request's database waits share one deadline: the key check and the operation together,
 * not each on its own (issue 13: a request waited 10.0 s against a 6 s deadline, once for a
 * pooled connection for its key check and again for its write).
 */
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getContext, setContext } from "#app/server/context.server";
import { startTestApp, type TestApp } from "#test/harness";
import { operation } from "./operation";
import { apiRoute } from "./route.server";

const DEADLINE_MS = 2_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the database deadline of one API request", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp("pglite");
    setContext({ ...(await getContext()), dbDeadlineMs: DEADLINE_MS });
  });
  afterAll(() => app?.stop());

  it("covers the key check and the operation together", async () => {
    // The operation itself takes 0.7 × the deadline …
    const route = apiRoute({
      POST: operation({
        summary: "slow",
        scope: "admin",
        response: z.object({}),
        handler: async () => {
          await sleep(0.7 * DEADLINE_MS);
          return {};
        },
      }),
    });
    // … after the key check waited 0.7 × the deadline for the (one) connection: PGlite runs one
    // query at a time, as a full pool would queue it.
    const busy = app.db.handle.transaction(() => sleep(0.7 * DEADLINE_MS));
    await sleep(50);
    const started = performance.now();
    const response = await route({
      request: new Request("http://localhost/api/v1/slow", {
        method: "POST",
        headers: { authorization: `Bearer ${app.adminKey}` },
      }),
      params: {},
    });
    const took = performance.now() - started;
    await busy;
    // Two deadlines would have let it finish at 1.4 × the deadline with a 200.
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(took).toBeLessThan(DEADLINE_MS + 300);
    await sleep(DEADLINE_MS);
  });
});
