/**
 * `npm run bench:drift`: how long does the model-drift job take on one model version with
 * 1,000,000 predictions × 20 features (14 numeric, 6 categorical) over 14 days, compared with
 * the raw PostgreSQL work it cannot avoid — a bare count(*) over the predictions and a bare scan
 * that expands every feature (`count(*) from predictions, jsonb_each(features)`) — in the same
 * run, on the same server? The job bins everything in SQL, so the bench process's memory must
 * stay flat whatever the row count.
 *
 * Knobs: DATABASE_URL (admin URL; a throw-away database is created and dropped),
 * BENCH_PREDICTIONS (1,000,000).
 */
import { sql } from "drizzle-orm";
import { silentLogger } from "#lib/log";
import type { DbHandle } from "#db/client";
import { modelDriftJob } from "#jobs/model-drift";
import { DAY_MS } from "#app/stats/monitoring-windows";
import type { JobResult } from "#jobs/types";
import {
  type BenchDatabase,
  createBenchDatabase,
  DEFAULT_ADMIN_URL,
  formatMs,
  intFromEnv,
  peakRssMiB,
  timed,
} from "./common";

const PREDICTIONS = intFromEnv("BENCH_PREDICTIONS", 1_000_000, 1_000, 100_000_000);
const DAYS = 14;
const NUMERIC = 14;
const CATEGORICAL = 6;
// Whole UTC days ending at the last midnight: the default reference is days 0–6, windows 7–13.
const AS_OF = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
const START = new Date(AS_OF.getTime() - DAYS * DAY_MS);

/**
 * The feature object of prediction `i` (day `day`), built server-side. Numeric features are
 * bell-shaped (a sum of three uniforms) on different scales, n13 is 10% null; categorical ones
 * have 3–8 levels except c5 (1,000 levels, exercising the top-50 + "other" fold). n0 and c0 shift
 * from day 10, so the job has real drift to find.
 */
function featuresExpression(): ReturnType<typeof sql> {
  const pairs: string[] = [];
  for (let f = 0; f < NUMERIC; f++) {
    const shift = f === 0 ? " + case when day >= 10 then 0.8 else 0 end" : "";
    const value = `round(((random() + random() + random() - 1.5)${shift})::numeric * ${10 ** (f % 4)}, 3)`;
    pairs.push(`'n${f}', ${f === 13 ? `case when random() < 0.1 then null else ${value} end` : value}`);
  }
  for (let c = 0; c < CATEGORICAL; c++) {
    const levels = c === 5 ? 1000 : 3 + c;
    const skew = c === 0 ? " + case when day >= 10 then 1 else 0 end" : "";
    pairs.push(`'c${c}', 'v' || floor(power(random(), 1.5) * ${levels}${skew})::int`);
  }
  return sql.raw(`jsonb_build_object(${pairs.join(", ")})`);
}

async function seed(db: DbHandle): Promise<number> {
  await db.db.execute(sql`
    insert into models (key, name, task) values ('bench', 'Benchmark model', 'binary_classification')`);
  await db.db.execute(sql`
    insert into model_versions (model_id, version) select id, 'v1' from models where key = 'bench'`);
  const { ms } = await timed(() =>
    db.db.execute(sql`
      insert into predictions (id, version_id, ts, score, features)
      select 'p' || i, (select id from model_versions), ts, random(), ${featuresExpression()}
      from (
        select i, ts, floor(extract(epoch from ts - ${START.toISOString()}::timestamptz) / 86400)::int as day
        from (
          select i, ${START.toISOString()}::timestamptz + (i::float8 / ${PREDICTIONS}) * ${DAYS} * interval '1 day' as ts
          from generate_series(0, ${PREDICTIONS - 1}) as i
        ) t
      ) s`),
  );
  await db.db.execute(sql`vacuum analyze predictions`);
  return ms;
}

/** The median of three timed runs (the machine is shared and noisy); `reset` runs untimed before each. */
async function median<T>(fn: () => Promise<T>, reset: () => Promise<unknown> = async () => {}) {
  const runs: Array<{ result: T; ms: number }> = [];
  for (let i = 0; i < 3; i++) {
    await reset();
    runs.push(await timed(fn));
  }
  return runs.sort((a, b) => a.ms - b.ms)[1] as { result: T; ms: number };
}

function report(rows: Array<[string, string]>) {
  for (const [label, value] of rows) console.log(`  ${label.padEnd(52)} ${value}`);
}

async function main() {
  const adminUrl = process.env.DATABASE_URL || DEFAULT_ADMIN_URL;
  let bench: BenchDatabase | undefined;
  const interrupt = () => {
    void bench?.drop().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupt);
  try {
    bench = await createBenchDatabase(adminUrl, "northstar_bench_drift");
    const db = bench.handle;
    console.log(
      `seeding ${PREDICTIONS.toLocaleString("en-US")} predictions × ${NUMERIC + CATEGORICAL} features …`,
    );
    const seedMs = await seed(db);
    // Warm the cache the same way for everything that is timed.
    await db.rows(sql`select count(*) from predictions, jsonb_each(features)`);

    const run = () => modelDriftJob.run({ db, now: AS_OF, log: silentLogger });
    const first = await median(run, () => db.db.execute(sql`delete from drift_snapshots`));
    const steady = await median(run);
    const count = await median(() => db.rows(sql`select count(*) from predictions`));
    const features = await median(() => db.rows(sql`select count(*) from predictions, jsonb_each(features)`));
    const heapMiB = process.memoryUsage().heapUsed / 1024 / 1024;
    const [{ n: snapshots } = { n: 0 }] = await db.rows<{ n: number }>(
      sql`select count(*)::int as n from drift_snapshots`,
    );
    const [{ n: drifted } = { n: 0 }] = await db.rows<{ n: number }>(
      sql`select count(*)::int as n from drift_snapshots where drifted`,
    );
    const failures = (r: JobResult) => (r.itemsFailed > 0 ? ` FAILED: ${JSON.stringify(r.problems)}` : "");

    console.log(
      `\nNorthstar drift benchmark: ${PREDICTIONS.toLocaleString("en-US")} predictions, ${DAYS} days\n`,
    );
    report([
      ["seed (INSERT … SELECT generate_series)", formatMs(seedMs)],
      [
        "model-drift job, first run, 7 windows (median of 3)",
        `${formatMs(first.ms)}  (${first.result.rowsScanned.toLocaleString("en-US")} rows scanned)${failures(first.result)}`,
      ],
      [
        "model-drift job, next run, 2 windows (median of 3)",
        `${formatMs(steady.ms)}  (${steady.result.rowsScanned.toLocaleString("en-US")} rows scanned)${failures(steady.result)}`,
      ],
      ["bare select count(*) (median of 3)", formatMs(count.ms)],
      ["bare count(*) … jsonb_each (median of 3)", formatMs(features.ms)],
      ["first run / count(*)", (first.ms / count.ms).toFixed(1)],
      ["first run / jsonb_each scan", (first.ms / features.ms).toFixed(2)],
      ["next run / jsonb_each scan", (steady.ms / features.ms).toFixed(2)],
      ["snapshots written (drifted)", `${snapshots} (${drifted})`],
      ["bench peak RSS / heap used at end", `${peakRssMiB().toFixed(0)} MiB / ${heapMiB.toFixed(0)} MiB`],
    ]);
    if (first.result.itemsFailed > 0 || steady.result.itemsFailed > 0) process.exitCode = 1;
  } finally {
    process.off("SIGINT", interrupt);
    await bench?.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
