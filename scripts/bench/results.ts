/**
 * `npm run bench:results`: how long does the experiment-results job take on an experiment with
 * 1,000,000 assigned units and 10,000,000 events (a proportion, a mean and a ratio metric),
 * compared with the raw PostgreSQL work it cannot avoid — a bare count(*) over the events and the
 * bare join of assignments to events — in the same run, on the same server? Measured: the
 * one-pass query (any as-of time), the job's first run (the whole daily history from one pass +
 * rollup build; target ≤ 3× the bare join), its scheduled runs afterwards (target ≤ 2×): idle,
 * after fifteen minutes of new traffic (1% of the data), and the first run after the next UTC
 * midnight (which also writes that midnight's daily snapshot), and the experiment page's loader
 * on the same experiment once the job has run.
 *
 * Knobs: DATABASE_URL (admin URL; a throw-away database is created and dropped),
 * BENCH_UNITS (1,000,000), BENCH_EVENTS_PER_UNIT (10), BENCH_KEEP_DB=1 (keep the database to inspect plans).
 */
import { sql } from "drizzle-orm";
import { loadExperimentWithArms } from "#db/queries/experiments";
import { silentLogger } from "#lib/log";
import { computeResults, experimentResultsJob } from "#jobs/experiment-results";
import { experimentPage } from "#app/routes/experiment.server";
import type { AppContext } from "#app/server/context.server";
import {
  DEFAULT_ADMIN_URL,
  type BenchDatabase,
  createBenchDatabase,
  formatMs,
  intFromEnv,
  peakRssMiB,
  timed,
} from "./common";

const UNITS = intFromEnv("BENCH_UNITS", 1_000_000, 100, 50_000_000);
const PER_UNIT = intFromEnv("BENCH_EVENTS_PER_UNIT", 10, 1, 100);
/** Issue 10: the first run (whole history + rollup build) within 3× the bare join, a scheduled run within 2×. */
const FIRST_RUN_TARGET = 3;
const SCHEDULED_TARGET = 2;
/** The experiment page's loader answers within this (issue 8): it reads snapshots, never events. */
const LOADER_TARGET_MS = 100;
const DAYS = 7;
// Data ends an hour before the benchmark's as-of time, so every row counts.
const AS_OF = new Date(Math.floor(Date.now() / 3600_000) * 3600_000);
const START = new Date(AS_OF.getTime() - DAYS * 24 * 3600_000);

async function seed(bench: BenchDatabase) {
  const db = bench.handle;
  const exec = (q: ReturnType<typeof sql>) => db.db.execute(q);
  await exec(sql`
    insert into metrics (key, name, type, event, numerator, denominator) values
      ('applied', 'Applied', 'proportion', 'apply', null, null),
      ('revenue', 'Revenue', 'mean', 'purchase', null, null),
      ('ctr', 'CTR', 'ratio', null, 'click', 'impression')`);
  await exec(sql`
    insert into experiments (key, name, status, salt, settings, started_at)
    values ('bench', 'Benchmark', 'running', 'bench-salt',
      '{"engine":"frequentist","alpha":0.05,"sequential":false,"correction":"holm","cuped":false}',
      ${START.toISOString()}::timestamptz)`);
  await exec(sql`
    insert into variants (experiment_id, position, key, weight)
    select e.id, v.pos, v.key, 0.5 from experiments e, (values (0, 'control'), (1, 'treatment')) as v(pos, key)`);
  await exec(sql`
    insert into experiment_metrics (experiment_id, metric_id, role, position)
    select e.id, m.id, case when m.key = 'applied' then 'primary' else 'secondary' end, m.id
    from experiments e, metrics m`);
  // Assignments spread over the first 6 days; events after each unit's assignment. Rows are
  // recorded when they happened and stored in that order, as a live system would have received
  // them (what the BRIN index on received_at relies on).
  const { ms: assignMs } = await timed(() =>
    exec(sql`
      insert into assignments (experiment_id, unit, variant_id, assigned_at, source, recorded_at)
      select e.id, 'u' || i, (select min(id) from variants) + (i % 2), t, 'client', t
      from experiments e, generate_series(1, ${UNITS}) as i,
        lateral (select ${START.toISOString()}::timestamptz + (i % 518400) * interval '1 second' as t) as at`),
  );
  const { ms: eventsMs } = await timed(() =>
    exec(sql`
      insert into events (unit, event_id, name, value, ts, received_at)
      select 'u' || u, 'e' || u || '-' || k,
        case when k % 10 < 6 then 'impression' when k % 10 < 8 then 'click'
             when k % 10 = 8 then 'apply' else 'purchase' end,
        case when k % 10 = 9 then (u % 50) + 0.5 else 1 end,
        t, t
      from generate_series(1, ${UNITS}) as u, generate_series(0, ${PER_UNIT - 1}) as k,
        lateral (select ${START.toISOString()}::timestamptz + (u % 518400) * interval '1 second'
          + (k * 577 % 86400) * interval '1 second' as t) as at
      where (u + k) % 7 <> 0 or k % 10 <> 8
      order by t`),
  );
  await exec(sql`vacuum analyze`);
  const [counts] = await db.rows<{ units: string; events: string }>(sql`
    select (select count(*) from assignments) as units, (select count(*) from events) as events`);
  console.log(
    `seeded ${Number(counts?.units).toLocaleString()} units (${formatMs(assignMs)}) and ` +
      `${Number(counts?.events).toLocaleString()} events (${formatMs(eventsMs)})`,
  );
}

/**
 * 1% more units assigned and 1% more events, timed in the fifteen minutes from `from`, recorded
 * now; `tag` keeps unit names and event ids apart between batches.
 */
async function addTraffic(bench: BenchDatabase, experimentId: number, from: Date, tag: string) {
  const units = Math.max(1, Math.floor(UNITS / 100));
  const at = from.toISOString();
  await bench.handle.db.execute(sql`
    insert into assignments (experiment_id, unit, variant_id, assigned_at, source)
    select ${experimentId}, ${`${tag}-`} || i, (select min(id) from variants) + (i % 2),
           ${at}::timestamptz + (i % 600) * interval '1 second', 'client'
    from generate_series(1, ${units}) as i`);
  const [row] = await bench.handle.rows<{ n: string }>(sql`
    with ins as (
      insert into events (unit, event_id, name, value, ts)
      select case when k % 2 = 0 then ${`${tag}-`} || (1 + k % ${units}) else 'u' || (1 + k % ${UNITS}) end,
        ${`${tag}-e`} || k,
        case when k % 10 < 6 then 'impression' when k % 10 < 8 then 'click'
             when k % 10 = 8 then 'apply' else 'purchase' end,
        1, ${at}::timestamptz + (k % 900) * interval '1 second'
      from generate_series(1, ${units * PER_UNIT}) as k
      returning 1
    ) select count(*) as n from ins`);
  return { units, events: Number(row?.n ?? 0) };
}

async function median<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const runs = [await timed(fn), await timed(fn), await timed(fn)].sort((a, b) => a.ms - b.ms);
  return runs[1] as { result: T; ms: number };
}

async function main() {
  const bench = await createBenchDatabase(
    process.env.DATABASE_URL || DEFAULT_ADMIN_URL,
    "northstar_bench_results",
  );
  try {
    await seed(bench);
    const db = bench.handle;
    const design = await loadExperimentWithArms(db, "bench");
    if (!design) throw new Error("seed failed");
    const { experiment } = design;

    // The machine is shared and noisy: each bare measurement and the snapshot are the median of
    // three runs, after one warm-up read so every measurement starts from a warm cache.
    await db.rows(sql`select count(*) from events`);
    const scan = await median(() => db.rows(sql`select count(*) from events`));
    const join = await median(() =>
      db.rows(sql`
        select count(*) from assignments a join events e on e.unit = a.unit
        where a.experiment_id = ${experiment.id}`),
    );
    const onePass = await median(() => computeResults(db, design, AS_OF, AS_OF, "full"));
    const firstRun = await timed(() => experimentResultsJob.run({ db, now: AS_OF, log: silentLogger }));
    const quietRun = await timed(() =>
      experimentResultsJob.run({ db, now: new Date(AS_OF.getTime() + 60_000), log: silentLogger }),
    );
    // Fifteen minutes of traffic (1% more units and events), then the scheduled run.
    const traffic = await addTraffic(bench, experiment.id, AS_OF, "new");
    const busyRun = await timed(() =>
      experimentResultsJob.run({ db, now: new Date(AS_OF.getTime() + 16 * 60_000), log: silentLogger }),
    );
    // The first scheduled run after the next midnight, with the same traffic in the fifteen
    // minutes around it: it also writes that midnight's daily snapshot.
    const nextMidnight = Math.floor(AS_OF.getTime() / 86_400_000) * 86_400_000 + 86_400_000;
    await addTraffic(bench, experiment.id, new Date(nextMidnight - 10 * 60_000), "night");
    const midnightRun = await timed(() =>
      experimentResultsJob.run({ db, now: new Date(nextMidnight + 6 * 60_000), log: silentLogger }),
    );

    // The experiment page's loader on the same experiment, as the dashboard calls it (the job
    // runner is not needed to read a page).
    const ctx = { db, log: silentLogger, now: () => AS_OF, jobs: null } as unknown as AppContext;
    await experimentPage(ctx, experiment.key, "http://localhost");
    const loader = await median(() => experimentPage(ctx, experiment.key, "http://localhost"));

    const primary = (onePass.result.document.metrics[0]?.variants[1] ?? {}) as Record<string, unknown>;
    console.log(
      `\nresults for ${experiment.key}: primary lift ${primary.relativeLift}, p = ${primary.pValue}`,
    );
    console.log("\n| measurement | time | × bare join |");
    console.log("|---|---|---|");
    const row = (name: string, ms: number) =>
      console.log(`| ${name} | ${formatMs(ms)} | ${(ms / join.ms).toFixed(2)} |`);
    row("bare `select count(*) from events` (median of 3)", scan.ms);
    row("bare join assignments ⋈ events (median of 3)", join.ms);
    row("one-pass results query + document, no rollup (median of 3)", onePass.ms);
    row(`job, first run (${DAYS} daily snapshots in one pass + rollup build)`, firstRun.ms);
    row("job, next run with no new data", quietRun.ms);
    row(
      `job, next run after ${traffic.events.toLocaleString()} new events / ${traffic.units.toLocaleString()} new units`,
      busyRun.ms,
    );
    row(
      "job, first run after the next midnight, after the same traffic (adds its daily snapshot)",
      midnightRun.ms,
    );
    row("experiment page loader, after the job (median of 3)", loader.ms);
    console.log(
      `\nrows scanned: first run ${firstRun.result.rowsScanned.toLocaleString()}, ` +
        `after new traffic ${busyRun.result.rowsScanned.toLocaleString()}`,
    );
    console.log(`peak RSS of this process: ${peakRssMiB().toFixed(0)} MiB`);
    for (const [name, run, target] of [
      ["first run (full history + rollup build)", firstRun, FIRST_RUN_TARGET],
      ["scheduled run, no new data", quietRun, SCHEDULED_TARGET],
      ["scheduled run after new traffic", busyRun, SCHEDULED_TARGET],
      ["scheduled run after midnight", midnightRun, SCHEDULED_TARGET],
    ] as const) {
      const ratio = run.ms / join.ms;
      console.log(
        `${name} / bare join = ${ratio.toFixed(2)} (target ≤ ${target}) → ${ratio <= target ? "OK" : "MISSED"}`,
      );
    }
    console.log(
      `experiment page loader = ${formatMs(loader.ms)} (target < ${LOADER_TARGET_MS} ms) → ${loader.ms < LOADER_TARGET_MS ? "OK" : "MISSED"}`,
    );
  } finally {
    if (process.env.BENCH_KEEP_DB) console.log(`kept database: ${bench.url}`);
    else await bench.drop();
  }
}

await main();
