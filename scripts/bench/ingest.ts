/**
 * `npm run bench:ingest`: how fast does POST /api/v1/events ingest compared with the fastest
 * possible load, COPY into the same table on the same PostgreSQL, in the same run?
 *
 * Creates a throw-away database on the PostgreSQL server at DATABASE_URL (an *admin* URL; default
 * postgres://postgres@127.0.0.1:5432/test) and serves the built app against it on a free localhost
 * port with `scripts/serve.ts`, the server `npm start` runs. Then, BENCH_RUNS times: posts
 * BENCH_EVENTS events into the empty table in batches of BENCH_BATCH from BENCH_CONCURRENCY
 * clients, then truncates and COPYs the identical rows. Each run's ratio compares two phases that
 * ran back to back, so a machine shared with other work moves both; the median of the runs is the
 * figure (the machine's load average is printed beside it). The server is stopped and the
 * database dropped at the end, also on failure or Ctrl-C. The app is built only if build/ is
 * missing: run `npm run build` first to measure the current code.
 *
 * Knobs: BENCH_RUNS (5), BENCH_EVENTS per run (200,000), BENCH_BATCH (1,000, ≤ 10,000),
 * BENCH_CONCURRENCY (4), BENCH_CPU_PROF=<dir> (write a V8 CPU profile of the server there, for
 * `--cpu-prof` analysis).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type postgres from "postgres";
import { type BenchDatabase, createBenchDatabase, DEFAULT_ADMIN_URL, intFromEnv, peakRssMiB } from "./common";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SERVER_BUILD = path.join(ROOT, "build/server/index.js");
const SERVE_SCRIPT = path.join(ROOT, "scripts/serve.ts");
const DAY_MS = 24 * 3600 * 1000;
/** The median API / COPY ratio the ingest path is held to (issue 10). */
const TARGET_RATIO = 0.5;
// The server's first request opens the database and runs migrations; a minute is generous.
const HEALTH_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 120_000;
const COPY_TIMEOUT_MS = 15 * 60_000;
const STOP_TIMEOUT_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// Configuration

/** A bad knob: reported as one line, not a stack trace. */
class UsageError extends Error {}

/** Ctrl-C or SIGTERM: the reason every pending step is aborted with. */
class Interrupted extends Error {
  constructor() {
    super("interrupted");
  }
}

interface Config {
  adminUrl: string;
  runs: number;
  events: number;
  batch: number;
  concurrency: number;
  units: number;
  cpuProfileDir: string | undefined;
}

function readConfig(): Config {
  try {
    return configFromEnv();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function configFromEnv(): Config {
  const events = intFromEnv("BENCH_EVENTS", 200_000, 1, 100_000_000);
  return {
    adminUrl: process.env.DATABASE_URL || DEFAULT_ADMIN_URL,
    runs: intFromEnv("BENCH_RUNS", 5, 1, 100),
    events,
    // The API refuses batches over 10,000 items.
    batch: intFromEnv("BENCH_BATCH", 1_000, 1, 10_000),
    concurrency: intFromEnv("BENCH_CONCURRENCY", 4, 1, 256),
    // Ten events per unit on average, like a day of browsing: 20,000 units for 200,000 events.
    units: Math.max(1, Math.floor(events / 10)),
    cpuProfileDir: process.env.BENCH_CPU_PROF || undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Deterministic data. Event i is a pure function of i, so the API phase and the COPY phase stream
// the identical rows batch by batch without either holding the whole data set.

interface BenchEvent {
  id: string;
  unit: string;
  name: string;
  value?: number;
  timestamp: string;
  properties?: Record<string, unknown>;
}

const SOURCES = ["search", "feed", "email", "push"] as const;
// A query with a quote, a tab and a backslash, so the COPY escaping is exercised for real.
const ODD_QUERY = 'red "shoes"\tsize 42 \\ sale';

/** A 32-bit integer hash (lowbias32): independent-looking streams of randomness per event index. */
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Uniform in [0, 1) for event `i` and draw `k` (0…7). */
function draw(i: number, k: number): number {
  return mix32(mix32(i) ^ (k * 0x9e3779b9)) / 2 ** 32;
}

function eventAt(i: number, units: number, anchorMs: number): BenchEvent {
  const kind = draw(i, 0);
  const name = kind < 0.7 ? "impression" : kind < 0.9 ? "click" : "apply";
  const event: BenchEvent = {
    id: `e${i}`,
    unit: `user-${Math.floor(draw(i, 1) * units)}`,
    name,
    timestamp: new Date(anchorMs - Math.floor(draw(i, 2) * 7 * DAY_MS)).toISOString(),
  };
  if (name === "apply") event.value = Math.round(draw(i, 3) * 50_000) / 100;
  if (draw(i, 4) < 0.25) {
    event.properties = {
      source: SOURCES[Math.floor(draw(i, 5) * SOURCES.length)],
      position: Math.floor(draw(i, 6) * 20),
      ...(draw(i, 7) < 0.05 ? { query: ODD_QUERY } : {}),
    };
  }
  return event;
}

interface Plan {
  config: Config;
  anchorMs: number;
  batches: number;
}

function batchAt(plan: Plan, b: number): BenchEvent[] {
  const { batch, events, units } = plan.config;
  const out: BenchEvent[] = [];
  for (let i = b * batch; i < Math.min(events, (b + 1) * batch); i++)
    out.push(eventAt(i, units, plan.anchorMs));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Database access

/** The bench database's postgres.js client (common.ts opens it with a postgres:// URL). */
function sqlOf(db: BenchDatabase): postgres.Sql {
  if (db.handle.client.kind !== "postgres") throw new Error("expected a postgres.js handle");
  return db.handle.client.sql;
}

const databaseName = (db: BenchDatabase) => new URL(db.url).pathname.slice(1);

// ---------------------------------------------------------------------------------------------
// Server lifecycle

interface Server {
  child: ChildProcess;
  baseUrl: string;
  /** The last lines the server wrote, shown if it fails. */
  tail: string[];
}

async function ensureBuild(): Promise<void> {
  if (existsSync(SERVER_BUILD)) return;
  console.log("build/server/index.js is missing: running `npx react-router build` …");
  const child = spawn("npx", ["react-router", "build"], { cwd: ROOT, stdio: "inherit" });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`react-router build failed (exit ${code})`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

function keepTail(stream: NodeJS.ReadableStream | null, tail: string[]): void {
  // Drained continuously (a server that logs per request must not block on a full pipe), but only the end is kept.
  stream?.on("data", (chunk: Buffer) => {
    tail.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  });
}

async function startServer(config: Config, databaseUrlForServer: string, key: string): Promise<Server> {
  const port = await freePort();
  // `npm start`'s server (scripts/serve.ts, through tsx's loader as `npm start` runs it), started
  // by node itself rather than the tsx wrapper so that child.pid is the server, whose CPU time and
  // peak RSS we read from /proc.
  const nodeArgs = config.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${config.cpuProfileDir}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", SERVE_SCRIPT], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: databaseUrlForServer,
      NORTHSTAR_BOOTSTRAP_KEY: key,
      NORTHSTAR_LOG_LEVEL: "warn",
      // Measure ingestion alone: no scheduled jobs or demo data competing, whatever the caller's env.
      NORTHSTAR_JOBS: "off",
      NORTHSTAR_DEMO_DATA: "off",
    },
  });
  const server: Server = { child, baseUrl: `http://127.0.0.1:${port}`, tail: [] };
  keepTail(child.stdout, server.tail);
  keepTail(child.stderr, server.tail);
  // A spawn failure surfaces through waitForHealth (the child has exited) with this line in the tail.
  child.once("error", (error) => server.tail.push(`spawn failed: ${error.message}`));
  return server;
}

async function waitForHealth(server: Server, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    signal.throwIfAborted();
    if (server.child.exitCode !== null || server.child.signalCode !== null) break;
    try {
      const response = await fetch(`${server.baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(`server did not become healthy:\n${server.tail.join("\n")}`);
}

async function stopServer(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  // Unreferenced, so a pending timer does not hold the bench process open once the server is gone.
  const timer = sleep(STOP_TIMEOUT_MS, undefined, { ref: false }).then(() => "timeout" as const);
  if ((await Promise.race([exited, timer])) === "timeout") {
    child.kill("SIGKILL");
    await exited;
  }
}

// ---------------------------------------------------------------------------------------------
// Resource accounting (Linux /proc; "n/a" elsewhere or for a remote PostgreSQL)

const CLOCK_TICKS = 100;

/** User + system CPU seconds of a process, or null if it cannot be read. */
function cpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    // The command name (field 2) may contain spaces; the fields after its closing ')' do not.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Peak resident set size (VmHWM) of a process in MB, or null. */
function peakRssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const match = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmHWM:\s+(\d+)\s+kB/m);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function isLocalHost(url: string): boolean {
  return ["127.0.0.1", "localhost", "::1", "[::1]"].includes(new URL(url).hostname);
}

/** CPU of all PostgreSQL backends serving the bench database (only when the server is local). */
async function postgresCpu(db: BenchDatabase): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!isLocalHost(db.url)) return out;
  const rows = await sqlOf(db)<Array<{ pid: number }>>`
    select pid from pg_stat_activity
    where datname = ${databaseName(db)} and backend_type = 'client backend'`;
  for (const { pid } of rows) {
    const cpu = cpuSeconds(pid);
    if (cpu !== null) out.set(pid, cpu);
  }
  return out;
}

/** CPU seconds used by backends between two samples; a backend that appeared counts from zero. */
function cpuDelta(before: Map<number, number>, after: Map<number, number>): number | null {
  if (after.size === 0) return null;
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}

const benchCpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

interface CpuSample {
  server: number | null;
  postgres: Map<number, number>;
  bench: number;
}

async function sampleCpu(db: BenchDatabase, server?: Server): Promise<CpuSample> {
  return {
    server: cpuSeconds(server?.child.pid),
    postgres: await postgresCpu(db),
    bench: benchCpu(),
  };
}

interface CpuUse {
  server: number | null;
  postgres: number | null;
  bench: number;
}

function cpuUsed(before: CpuSample, after: CpuSample): CpuUse {
  return {
    server: before.server !== null && after.server !== null ? after.server - before.server : null,
    postgres: cpuDelta(before.postgres, after.postgres),
    bench: after.bench - before.bench,
  };
}

// ---------------------------------------------------------------------------------------------
// Phase 1: the API

interface IngestResult {
  accepted: number;
  duplicates: number;
}

async function postBatch(server: Server, key: string, events: BenchEvent[], signal: AbortSignal) {
  const response = await fetch(`${server.baseUrl}/api/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ events }),
    signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`POST /api/v1/events → ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as IngestResult;
}

interface ApiRun extends IngestResult {
  seconds: number;
  latenciesMs: number[];
}

/**
 * `concurrency` clients take the next batch number from a shared counter until none is left:
 * every batch is sent exactly once, and each client always has one request in flight.
 * Node's fetch keeps connections alive, so each client reuses one connection.
 */
async function sendAll(plan: Plan, server: Server, key: string, signal: AbortSignal): Promise<ApiRun> {
  let next = 0;
  const run: ApiRun = { accepted: 0, duplicates: 0, seconds: 0, latenciesMs: [] };
  const failure = new AbortController();
  const both = AbortSignal.any([signal, failure.signal]);
  const client = async () => {
    while (next < plan.batches) {
      both.throwIfAborted();
      const events = batchAt(plan, next++);
      const started = performance.now();
      const result = await postBatch(server, key, events, both);
      run.latenciesMs.push(performance.now() - started);
      run.accepted += result.accepted;
      run.duplicates += result.duplicates;
    }
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: plan.config.concurrency }, () =>
      client().catch((error: unknown) => {
        failure.abort(); // One failed client stops the others instead of letting them run on.
        throw error;
      }),
    ),
  );
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

// ---------------------------------------------------------------------------------------------
// Phase 2: COPY

/** COPY text format: backslash, tab, newline and carriage return must be escaped. */
function copyField(value: string | null): string {
  if (value === null) return "\\N";
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/** One row as the server would store it (value defaults to 1, as in ingestEvents). */
function copyLine(e: BenchEvent): string {
  const fields = [
    e.unit,
    e.id,
    e.name,
    String(e.value ?? 1),
    e.timestamp,
    e.properties ? JSON.stringify(e.properties) : null,
  ];
  return `${fields.map(copyField).join("\t")}\n`;
}

function* copyChunks(plan: Plan, signal: AbortSignal): Generator<string> {
  for (let b = 0; b < plan.batches; b++) {
    signal.throwIfAborted();
    yield batchAt(plan, b).map(copyLine).join("");
  }
}

async function copyAll(plan: Plan, sql: postgres.Sql, signal: AbortSignal): Promise<number> {
  await sql`truncate events`;
  const started = performance.now();
  const writable = await sql`copy events (unit, event_id, name, value, ts, properties) from stdin`.writable();
  await withTimeout(pipeline(Readable.from(copyChunks(plan, signal)), writable), COPY_TIMEOUT_MS, "COPY");
  return (performance.now() - started) / 1000;
}

// ---------------------------------------------------------------------------------------------
// Helpers and report

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function countEvents(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<Array<{ n: number }>>`select count(*)::int as n from events`;
  return row?.n ?? 0;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const fmtOpt = (n: number | null, unit: string, digits = 1) =>
  n === null ? "n/a" : `${fmt(n, digits)} ${unit}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function cpuLine(use: CpuUse, seconds: number): string {
  const share = (cpu: number | null) =>
    cpu === null ? "n/a" : `${fmt(cpu, 1)} s (${fmt((100 * cpu) / seconds)}%)`;
  return `node server ${share(use.server)}, postgres ${share(use.postgres)}, bench ${share(use.bench)}`;
}

/** One run: the API phase into an empty table, then COPY of the same rows into an empty table. */
interface RunReport {
  api: ApiRun;
  apiCpu: CpuUse;
  resend: IngestResult;
  copySeconds: number;
  copyCpu: CpuUse;
  loadAverage: number;
}

const ratioOf = (run: RunReport) => run.copySeconds / run.api.seconds;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function runOk(config: Config, run: RunReport): boolean {
  const acceptedOk = run.api.accepted === config.events && run.api.duplicates === 0;
  const resendOk =
    run.resend.accepted === 0 && run.resend.duplicates === Math.min(config.batch, config.events);
  return acceptedOk && resendOk;
}

function printRun(config: Config, i: number, run: RunReport): void {
  const sorted = [...run.api.latenciesMs].sort((a, b) => a - b);
  console.log(
    `  run ${i + 1}: API ${fmt(config.events / run.api.seconds)} events/s (${fmt(run.api.seconds, 1)} s), ` +
      `COPY ${fmt(config.events / run.copySeconds)} rows/s (${fmt(run.copySeconds, 1)} s), ` +
      `ratio ${fmt(ratioOf(run), 2)}; p50 ${fmt(percentile(sorted, 0.5), 1)} ms, p95 ${fmt(percentile(sorted, 0.95), 1)} ms; ` +
      `load ${fmt(run.loadAverage, 1)}; ${runOk(config, run) ? "counts ok" : "COUNTS WRONG"}`,
  );
  console.log(`         CPU API phase: ${cpuLine(run.apiCpu, run.api.seconds)}`);
  console.log(`         CPU COPY phase: ${cpuLine(run.copyCpu, run.copySeconds)}`);
}

function printReport(config: Config, runs: RunReport[], serverPeakMb: number | null): boolean {
  const { events, batch, concurrency } = config;
  const ratios = runs.map(ratioOf);
  const mid = median(ratios);
  const apiRates = runs.map((r) => events / r.api.seconds);
  const copyRates = runs.map((r) => events / r.copySeconds);
  const countsOk = runs.every((r) => runOk(config, r));
  const [load1, load5, load15] = loadavg();
  const rows: Array<[string, string]> = [
    ["API POST /api/v1/events", `median ${fmt(median(apiRates))} events/s`],
    ["COPY … FROM STDIN", `median ${fmt(median(copyRates))} rows/s`],
    ["ratio API / COPY, per run", ratios.map((r) => fmt(r, 2)).join(", ")],
    [
      "ratio API / COPY, median",
      `${fmt(mid, 2)}  (target ≥ ${TARGET_RATIO}: ${mid >= TARGET_RATIO ? "met" : "NOT MET"})`,
    ],
    ["accepted, re-sent batch", countsOk ? "every run: all accepted, re-sent batch all duplicates" : "WRONG"],
    ["load average (1/5/15 min)", `${fmt(load1 ?? 0, 1)} / ${fmt(load5 ?? 0, 1)} / ${fmt(load15 ?? 0, 1)}`],
    ["peak RSS, server", fmtOpt(serverPeakMb, "MB")],
    ["peak RSS, bench", `${fmt(peakRssMiB(), 1)} MB`],
  ];
  console.log(
    `\nNorthstar ingest benchmark: ${runs.length} runs of ${fmt(events)} events, batches of ${fmt(batch)}, ${concurrency} clients\n`,
  );
  runs.forEach((run, i) => {
    printRun(config, i, run);
  });
  console.log();
  for (const [label, value] of rows) console.log(`  ${label.padEnd(26)} ${value}`);
  console.log();
  return countsOk;
}

/** One run on an empty events table: the API phase, the re-sent batch, then COPY of the same rows. */
async function runOnce(plan: Plan, db: BenchDatabase, server: Server, key: string, signal: AbortSignal) {
  const { config } = plan;
  await sqlOf(db)`truncate events`;
  const beforeApi = await sampleCpu(db, server);
  const api = await sendAll(plan, server, key, signal);
  const apiCpu = cpuUsed(beforeApi, await sampleCpu(db, server));
  const resend = await postBatch(server, key, batchAt(plan, 0), signal);
  const stored = await countEvents(sqlOf(db));
  if (stored !== config.events) throw new Error(`events table holds ${stored} rows after the API phase`);

  const beforeCopy = await sampleCpu(db);
  const copySeconds = await copyAll(plan, sqlOf(db), signal);
  const copyCpu = cpuUsed(beforeCopy, await sampleCpu(db));
  const copied = await countEvents(sqlOf(db));
  if (copied !== config.events) throw new Error(`events table holds ${copied} rows after COPY`);
  return { api, apiCpu, resend, copySeconds, copyCpu, loadAverage: loadavg()[0] ?? 0 };
}

// ---------------------------------------------------------------------------------------------
// Main: every resource acquired is released in reverse order, whatever happens.

async function main(): Promise<void> {
  const config = readConfig();
  const plan: Plan = {
    config,
    // A minute in the past, so that no event is "in the future" for the server's clock check.
    anchorMs: Date.now() - 60_000,
    batches: Math.ceil(config.events / config.batch),
  };
  const stop = new AbortController();
  // `on`, not `once`: Ctrl-C reaches us twice (from the terminal and relayed by tsx), and a second
  // signal with no handler would kill the process before it stops the server and drops the database.
  const onSignal = () => stop.abort(new Interrupted());
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  let db: BenchDatabase | undefined;
  let server: Server | undefined;
  try {
    await ensureBuild();
    db = await createBenchDatabase(config.adminUrl, "northstar_bench_ingest");
    console.log(`database ${databaseName(db)} created and migrated`);
    const key = `bench_${randomBytes(24).toString("base64url")}`;
    server = await startServer(config, db.url, key);
    await waitForHealth(server, stop.signal);
    console.log(
      `server pid ${server.child.pid} healthy at ${server.baseUrl}; ${config.runs} runs of ${fmt(config.events)} events …`,
    );
    const runs: RunReport[] = [];
    for (let i = 0; i < config.runs; i++) {
      const run = await runOnce(plan, db, server, key, stop.signal);
      runs.push(run);
      console.log(`run ${i + 1}: ratio ${fmt(ratioOf(run), 2)} (load average ${fmt(run.loadAverage, 1)})`);
    }
    const ok = printReport(config, runs, peakRssMb(server.child.pid));
    if (!ok) process.exitCode = 1;
  } finally {
    if (server) await stopServer(server).catch((e: unknown) => console.error("stopping the server:", e));
    if (db) {
      const name = databaseName(db);
      await db
        .drop()
        .then(() => console.log(`database ${name} dropped`))
        .catch((e: unknown) => console.error(`dropping ${name}:`, e));
    }
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

main().catch((error: unknown) => {
  if (error instanceof Interrupted || error instanceof UsageError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
