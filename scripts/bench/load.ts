/**
 * `npm run bench:load`: mixed traffic held for a minute against the built server on PostgreSQL —
 * event batches, experiment reads, results reads, health — and what it cost: throughput,
 * latency percentiles, errors, the server's memory before and after, and whether the events
 * stored are exactly the events acknowledged. For scale, the same batches inserted straight into
 * PostgreSQL by as many clients, in the same run.
 *
 * Knobs: DATABASE_URL (an admin URL; default postgres://postgres@127.0.0.1:5432/test),
 * BENCH_SECONDS (60), BENCH_CLIENTS (8), BENCH_BATCH (50 events per batch).
 */
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { createBenchDatabase, DEFAULT_ADMIN_URL, intFromEnv } from "./common";
import { send, startServer, type Timed } from "#test/server-process";

const SECONDS = intFromEnv("BENCH_SECONDS", 60, 5, 3600);
const CLIENTS = intFromEnv("BENCH_CLIENTS", 8, 1, 256);
const BATCH = intFromEnv("BENCH_BATCH", 50, 1, 10_000);
// The mix, per 10 requests: 6 event batches, 2 experiment lists, 1 results read, 1 health check.
const MIX = ["events", "events", "events", "events", "events", "events", "list", "list", "results", "health"];

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : Number.NaN;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);
}

const eventsOf = (client: number, i: number) =>
  Array.from({ length: BATCH }, (_, e) => ({
    id: `c${client}-${i}-${e}`,
    unit: `u${(i * BATCH + e) % 5000}`,
    name: e % 3 ? "click" : "purchase",
    value: e,
    timestamp: new Date(Date.now() - 60_000).toISOString(),
  }));

async function main() {
  const database = await createBenchDatabase(
    process.env.DATABASE_URL || DEFAULT_ADMIN_URL,
    "northstar_bench_load",
    2,
  );
  const server = await startServer({ DATABASE_URL: database.url }).catch(async (e) => {
    await database.drop();
    throw e;
  });
  try {
    // Something to read: metrics and a running experiment.
    await send(`${server.url}/api/v1/metrics`, "POST", {
      key: "revenue",
      name: "Revenue",
      type: "mean",
      event: "purchase",
    });
    const created = await send(`${server.url}/api/v1/experiments`, "POST", {
      key: "load",
      name: "Load",
      variants: [
        { key: "control", weight: 0.5 },
        { key: "treatment", weight: 0.5 },
      ],
      metrics: { primary: "revenue" },
    });
    const startedExperiment = await send(`${server.url}/api/v1/experiments/load/start`, "POST");
    if (created.status !== 201 || startedExperiment.status !== 200) {
      throw new Error(
        `setup failed: ${JSON.stringify(created.body)} ${JSON.stringify(startedExperiment.body)}`,
      );
    }
    const rssBefore = rssMiB(server.pid);

    const samples: Record<string, number[]> = {};
    const errors: Record<string, number> = {};
    let acknowledgedEvents = 0;
    const until = Date.now() + SECONDS * 1000;
    const client = async (c: number) => {
      for (let i = 0; Date.now() < until; i++) {
        const kind = MIX[(i + c) % MIX.length] as string;
        let res: Timed;
        if (kind === "events")
          res = await send(`${server.url}/api/v1/events`, "POST", { events: eventsOf(c, i) });
        else if (kind === "list") res = await send(`${server.url}/api/v1/experiments`, "GET");
        else if (kind === "results") res = await send(`${server.url}/api/v1/experiments/load/results`, "GET");
        else res = await send(`${server.url}/api/v1/health`, "GET");
        // No results before the first job run is a documented 404, not an error.
        const ok = res.status === 200 || (kind === "results" && res.status === 404);
        if (!ok)
          errors[`${kind} ${res.status || res.failed}`] =
            (errors[`${kind} ${res.status || res.failed}`] ?? 0) + 1;
        if (kind === "events" && res.status === 200) acknowledgedEvents += BATCH;
        const list = samples[kind] ?? [];
        list.push(res.ms);
        samples[kind] = list;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    const elapsed = (performance.now() - started) / 1000;
    const rssAfter = rssMiB(server.pid);
    const [stored] = await database.handle.rows<{ n: number }>(sql`select count(*)::int as n from events`);

    // The same batches straight into PostgreSQL, as many clients, a quarter of the time.
    const raw = postgres(database.url, { max: CLIENTS, onnotice: () => {} });
    await raw`truncate events`;
    let rawEvents = 0;
    const rawUntil = Date.now() + (SECONDS * 1000) / 4;
    const rawStart = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; Date.now() < rawUntil; i++) {
          const rows = eventsOf(c + 1000, i).map((e) => ({
            unit: e.unit,
            event_id: e.id,
            name: e.name,
            value: e.value,
            ts: e.timestamp,
          }));
          await raw`insert into events ${raw(rows)} on conflict do nothing`;
          rawEvents += rows.length;
        }
      }),
    );
    const rawRate = rawEvents / ((performance.now() - rawStart) / 1000);
    await raw.end();

    const all = Object.values(samples)
      .flat()
      .sort((a, b) => a - b);
    const total = all.length;
    const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
    const line = (name: string, ms: number[]) => {
      const s = [...ms].sort((a, b) => a - b);
      return `  ${name.padEnd(8)} ${String(s.length).padStart(7)} req  p50 ${percentile(s, 50).toFixed(1)} ms  p95 ${percentile(s, 95).toFixed(1)} ms  p99 ${percentile(s, 99).toFixed(1)} ms`;
    };
    const apiRate = acknowledgedEvents / elapsed;
    console.log(
      `bench:load — ${CLIENTS} clients, ${elapsed.toFixed(0)} s, batches of ${BATCH} events, PostgreSQL`,
    );
    console.log(
      `  throughput ${(total / elapsed).toFixed(0)} req/s, ${apiRate.toFixed(0)} events/s acknowledged`,
    );
    console.log(line("all", all));
    for (const [kind, ms] of Object.entries(samples)) console.log(line(kind, ms));
    console.log(`  errors   ${errorCount}${errorCount ? ` ${JSON.stringify(errors)}` : ""}`);
    console.log(`  server RSS ${rssBefore.toFixed(0)} MiB before, ${rssAfter.toFixed(0)} MiB after`);
    console.log(
      `  rows stored ${stored?.n} = acknowledged ${acknowledgedEvents}: ${stored?.n === acknowledgedEvents ? "yes" : "NO"}`,
    );
    console.log(
      `  raw INSERT by ${CLIENTS} clients: ${rawRate.toFixed(0)} events/s; API ingest under mixed load = ${(apiRate / rawRate).toFixed(2)}× raw`,
    );
    if (errorCount > 0 || stored?.n !== acknowledgedEvents) process.exitCode = 1;
  } finally {
    await server.kill("SIGTERM");
    await database.drop();
  }
}

await main();
