/**
 * A real Northstar server or worker in a child process (the production build through
 * scripts/serve.ts, or jobs/worker.ts), for the tests and benchmarks that kill, starve or load
 * one. Run `react-router build` first (`npm run test:reliability` and `bench:load` do).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

export const TEST_ADMIN_KEY = "reliability-admin-key-0123456789";

export interface ChildNorthstar {
  pid: number;
  /** stdout and stderr, line by line, as they arrive. */
  lines: string[];
  exited: Promise<number | null>;
  /** Resolves with the first line matching, or rejects after `ms`. */
  waitFor(pattern: RegExp, ms: number): Promise<string>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface ServerProcess extends ChildNorthstar {
  port: number;
  url: string;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function spawnNorthstar(args: string[], env: Record<string, string>): ChildNorthstar {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", ...args], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NORTHSTAR_DEMO_DATA: "off",
      NORTHSTAR_BOOTSTRAP_KEY: TEST_ADMIN_KEY,
      DATABASE_URL: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line) continue;
      lines.push(line);
      for (const w of waiters) {
        if (w.pattern.test(line)) {
          waiters.delete(w);
          w.resolve(line);
        }
      }
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    pid: child.pid ?? 0,
    lines,
    exited,
    waitFor(pattern, ms) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = { pattern, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) {
            reject(
              new Error(
                `no line matching ${pattern} within ${ms} ms; last lines:\n${lines.slice(-15).join("\n")}`,
              ),
            );
          }
        }, ms);
        void exited.then((code) => {
          if (waiters.delete(waiter)) {
            reject(
              new Error(
                `exited (${code}) before a line matching ${pattern}:\n${lines.slice(-15).join("\n")}`,
              ),
            );
          }
        });
      });
    },
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

/** Starts scripts/serve.ts on a free port; resolves once it listens (or `listening: false`: at once). */
export async function startServer(
  env: Record<string, string>,
  options: { listening?: boolean; port?: number } = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = spawnNorthstar(["scripts/serve.ts"], { PORT: String(port), ...env });
  if (options.listening !== false) {
    // A server that never comes up must not be left running behind the caller.
    await child.waitFor(/"message":"listening"/, 180_000).catch(async (error: unknown) => {
      await child.kill("SIGKILL");
      throw error;
    });
  }
  return { ...child, port, url: `http://127.0.0.1:${port}` };
}

/** Starts the job worker (jobs/worker.ts); resolves once its runner is started. */
export async function startWorker(env: Record<string, string>): Promise<ChildNorthstar> {
  const child = spawnNorthstar(["jobs/worker.ts"], env);
  await child.waitFor(/"message":"job worker started"/, 180_000).catch(async (error: unknown) => {
    await child.kill("SIGKILL");
    throw error;
  });
  return child;
}

export interface Timed {
  status: number;
  ms: number;
  headers: Headers;
  body: unknown;
  /** The request never got an answer (connection refused or reset). */
  failed?: string;
}

/** One request with the admin key, timed; network failures are returned, not thrown. */
export async function send(url: string, method: string, body?: unknown, timeoutMs = 30_000): Promise<Timed> {
  const start = performance.now();
  try {
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${TEST_ADMIN_KEY}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, ms: performance.now() - start, headers: res.headers, body: parsed };
  } catch (error) {
    return {
      status: 0,
      ms: performance.now() - start,
      headers: new Headers(),
      body: null,
      failed: (error as Error).message,
    };
  }
}
