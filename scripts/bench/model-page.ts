/**
 * `npx tsx scripts/bench/model-page.ts`: how long does the model page's loader take on a model
 * with 3 versions × 90 days × 20 features (plus score and label) of drift snapshots, each holding
 * its histograms, and the performance snapshots of the same days? The bar is < 100 ms.
 *
 * Knobs: DATABASE_URL (admin URL; a throw-away database is created and dropped; unset → PGlite in
 * memory), BENCH_DAYS (90).
 */
import { sql } from "drizzle-orm";
import { openDatabase, type DbHandle } from "#db/client";
import { runMigrations } from "#db/migrate";
import { silentLogger } from "#lib/log";
import { DAY_MS } from "#app/stats/monitoring-windows";
import type { AppContext } from "#app/server/context.server";
import { modelPage, readModelQuery } from "#app/routes/model.server";
import { type BenchDatabase, createBenchDatabase, formatMs, intFromEnv, timed } from "./common";

const DAYS = intFromEnv("BENCH_DAYS", 90, 7, 365);
const VERSIONS = 3;
const FEATURES = 20;
const NOW = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + 12 * 3600_000);

/** A stored drift snapshot's details: 10-bin reference (with its key) and current histograms. */
const details = JSON.stringify({
  reference: {
    from: "x",
    to: "y",
    config: "c",
    kind: "numeric",
    distinctNumbers: 1000,
    std: 1.2,
    edges: [-1.5, -1, -0.6, -0.3, 0, 0.3, 0.6, 1, 1.5],
    counts: [70, 90, 110, 120, 130, 130, 120, 110, 90, 70],
    missing: 3,
    min: -3.1,
    max: 3.2,
  },
  current: { counts: [10, 12, 14, 15, 16, 16, 15, 14, 12, 10], missing: 0, min: -2.9, max: 3 },
});

async function seed(db: DbHandle) {
  const start = new Date(NOW.getTime() - DAYS * DAY_MS).toISOString();
  await db.db.execute(
    sql`insert into models (key, name, task) values ('bench', 'Bench', 'binary_classification')`,
  );
  await db.db.execute(sql`
    insert into model_versions (model_id, version)
    select m.id, 'v' || v from models m, generate_series(1, ${VERSIONS}) v`);
  await db.db.execute(sql`
    insert into predictions (id, version_id, ts, score, features)
    select 'p' || v.id || '-' || d, v.id, ${start}::timestamptz + d * interval '1 day', 0.5, '{}'::jsonb
    from model_versions v, generate_series(0, ${DAYS - 1}) d`);
  await db.db.execute(sql`
    insert into drift_snapshots (version_id, feature, kind, window_start, window_end, method, statistic,
      p_value, threshold, drifted, reference_count, current_count, status, details, computed_at)
    select v.id, case when f < ${FEATURES} then 'f' || f when f = ${FEATURES} then 'score' else 'label' end,
      case when f < ${FEATURES} then 'feature' when f = ${FEATURES} then 'score' else 'label' end,
      ${start}::timestamptz + d * interval '1 day', ${start}::timestamptz + (d + 1) * interval '1 day',
      'wasserstein', random() * 0.15, null, 0.1, random() < 0.1, 1000, 134, 'ok', ${details}::jsonb, now()
    from model_versions v, generate_series(0, ${DAYS - 1}) d, generate_series(0, ${FEATURES + 1}) f`);
  const bins = JSON.stringify({
    bins: Array.from({ length: 10 }, (_, i) => ({
      lower: i / 10,
      upper: (i + 1) / 10,
      count: 13,
      meanPredicted: i / 10 + 0.05,
      observedRate: i / 10 + 0.04,
    })),
  });
  const confusion = JSON.stringify({ confusion: { tp: 30, fp: 20, tn: 70, fn: 14 } });
  await db.db.execute(sql`
    insert into performance_snapshots (version_id, window_start, window_end, metric, k, value, count, details, computed_at)
    select v.id, ${start}::timestamptz + d * interval '1 day', ${start}::timestamptz + (d + 1) * interval '1 day',
      m, 0, random(), 134,
      case when m = 'ece' then ${bins}::jsonb when m in ('accuracy', 'precision', 'recall', 'f1') then ${confusion}::jsonb end,
      now()
    from model_versions v, generate_series(0, ${DAYS - 1}) d,
      unnest(array['label_coverage', 'auc', 'log_loss', 'brier', 'accuracy', 'precision', 'recall', 'f1', 'ece']) m`);
  await db.db.execute(sql`analyze`);
}

async function main() {
  const adminUrl = process.env.DATABASE_URL;
  let bench: BenchDatabase | undefined;
  let db: DbHandle;
  if (adminUrl) {
    bench = await createBenchDatabase(adminUrl, "northstar_bench_model_page");
    db = bench.handle;
  } else {
    db = await openDatabase({ dataDir: "memory://" });
    await runMigrations(db);
  }
  try {
    await seed(db);
    const ctx = { db, log: silentLogger, now: () => NOW } as unknown as AppContext;
    const load = (search: string) => () =>
      modelPage(ctx, "bench", readModelQuery(new URL(`http://localhost/models/bench${search}`)));
    const report: Array<[string, string]> = [];
    for (const [label, search] of [
      ["90 days, all versions", "?days=90"],
      ["90 days, all versions, drill-down open", "?days=90&feature=feature:f3"],
      ["30 days, all versions", ""],
      ["90 days, one version", "?days=90&version=v2"],
    ] as const) {
      await load(search)();
      const runs: number[] = [];
      for (let i = 0; i < 7; i++) runs.push((await timed(load(search))).ms);
      runs.sort((a, b) => a - b);
      report.push([label, `${formatMs(runs[3] ?? 0)} median of 7 (min ${formatMs(runs[0] ?? 0)})`]);
    }
    const [{ n } = { n: 0 }] = await db.rows<{ n: number }>(
      sql`select count(*)::int as n from drift_snapshots`,
    );
    console.log(
      `\nModel page loader on ${db.driver}: ${VERSIONS} versions × ${DAYS} days × ${FEATURES} features (${n.toLocaleString("en-US")} drift snapshots)\n`,
    );
    for (const [label, value] of report) console.log(`${label.padEnd(42)} ${value}`);
  } finally {
    if (bench) await bench.drop();
    else await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
