import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServer } from "#test/server-process";

/** Raw HTTP (fetch refuses TRACE and normalises paths): status, headers and body text. */
function raw(port: number, method: string, pathname: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, method, path: pathname, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      });
      req.on("error", reject);
      req.end();
    },
  );
}

describe("the running server's /api/v1 edge", () => {
  let server: ServerProcess;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "northstar-edges-"));
    server = await startServer({ NORTHSTAR_DATA_DIR: dir });
  });
  afterAll(async () => {
    await server?.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers broken percent-encoding with a JSON 400, not an HTML page", async () => {
    const res = await raw(server.port, "GET", "/api/v1/experiments/%FF");
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(res.body).error).toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("answers TRACE and other methods Fetch cannot carry with a JSON 405 and Allow", async () => {
    // (CONNECT and TRACK never reach express: Node's HTTP parser takes or refuses them first.)
    for (const method of ["TRACE", "PROPFIND"]) {
      const res = await raw(server.port, method, "/api/v1/health");
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe("GET");
      expect(JSON.parse(res.body).error.code).toBe("METHOD_NOT_ALLOWED");
    }
    const unknown = await raw(server.port, "TRACE", "/api/v1/nowhere");
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe("NOT_FOUND");
  });

  it("sends back the caller's X-Request-Id, or one of its own", async () => {
    const echoed = await raw(server.port, "GET", "/api/v1/health", { "x-request-id": "trace-7f3a" });
    expect(echoed.headers["x-request-id"]).toBe("trace-7f3a");
    const made = await raw(server.port, "GET", "/api/v1/health", { "x-request-id": "bad id\twith spaces" });
    expect(made.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const page = await raw(server.port, "GET", "/");
    expect(page.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });
});
