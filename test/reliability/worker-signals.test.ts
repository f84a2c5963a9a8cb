/**
 * Stopping `npm run jobs` stops the worker itself: npm passes SIGTERM on, and after a SIGKILL
 * (which nothing can pass on) the worker notices it lost its parent. Before, npm ran a tsx
 * wrapper that kept the real worker running.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function gone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return !alive(pid);
}

/** `npm run jobs` on a PGlite directory; resolves with npm's pid and the worker's (from its log). */
function startNpmJobs(dir: string): Promise<{ npm: number; worker: number }> {
  const child = spawn("npm", ["run", "jobs"], {
    env: { ...process.env, DATABASE_URL: "", NORTHSTAR_DATA_DIR: dir, NORTHSTAR_DEMO_DATA: "off" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${out.slice(-2000)}`)), 180_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.includes('"message":"job worker started"'));
      if (line) {
        clearTimeout(timer);
        resolve({ npm: child.pid ?? 0, worker: Number(JSON.parse(line).pid) });
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
  });
}

describe("stopping npm run jobs", () => {
  const dirs: string[] = [];
  const workers: number[] = [];
  afterAll(() => {
    for (const pid of workers) if (alive(pid)) process.kill(pid, "SIGKILL");
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    it(`with ${signal} stops the real worker too`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "northstar-jobs-"));
      dirs.push(dir);
      const { npm, worker } = await startNpmJobs(dir);
      workers.push(worker);
      expect(worker).not.toBe(npm);
      expect(alive(worker)).toBe(true);
      process.kill(npm, signal);
      expect(await gone(worker, 15_000)).toBe(true);
    });
  }
});
