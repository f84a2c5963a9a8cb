import { type SQL, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { timestamptz, withinValueRange } from "#db/sql-helpers";
import { type ExperimentSums, type ExperimentSumsInput, parseSums } from "./experiment-per-unit";
import { experimentSums } from "./experiment-sums";

/*
 * An experiment's sums as of every UTC midnight of its history, from one pass over assignments ⋈
 * events. Each event lands in the first midnight that includes it (its "bucket": the day after
 * its timestamp, or after the unit's assignment if later). Per unit and bucket the query sums the
 * increments of the unit's values, then a running sum per unit gives the unit's value after each
 * bucket, and the increments of y, y², y·d, y·x between consecutive buckets telescope: summed per
 * variant up to midnight D they are exactly the sums experimentSums gives with end = D. The
 * running totals over buckets are formed here, so any number of midnights costs one scan.
 */

const DAY_MS = 24 * 3600_000;

/** Bucket (days since the epoch, + 1) of the first midnight at or after which `ts` counts. */
function bucket(ts: SQL): SQL {
  return sql`(floor(extract(epoch from ${ts}) / 86400)::bigint + 1)`;
}

interface MetricColumns {
  /** Per (unit, bucket) increments read from the joined events. */
  increments: SQL[];
  /** Per-variant sums of the telescoped increments, named m<i>_<k> as parseSums reads them. */
  sums: SQL[];
}

function metricColumns(input: ExperimentSumsInput): MetricColumns {
  const out: MetricColumns = { increments: [], sums: [] };
  input.metrics.forEach((metric, i) => {
    const window =
      metric.windowHours === null
        ? sql`e.ts >= a.assigned_at`
        : sql`e.ts >= a.assigned_at and e.ts < a.assigned_at + ${metric.windowHours} * interval '1 hour'`;
    const add = (name: string, expr: SQL) => out.increments.push(sql`${expr} as ${sql.raw(`${name}${i}`)}`);
    const value = (event: string | null, condition: SQL) =>
      metric.type === "proportion"
        ? sql`count(*) filter (where e.name = ${event} and ${condition})`
        : sql`coalesce(sum(e.value) filter (where e.name = ${event} and ${condition}), 0)`;
    // y after and before this bucket (a proportion is 1 once the unit has any event). An absolute
    // cap c > 0 telescopes too: Σ over buckets of min(y, c) − min(yPrev, c) is min(final y, c).
    const cum = sql.raw(`cy${i}`);
    const inc = sql.raw(`iy${i}`);
    const capping = metric.type === "mean" ? metric.capping : null;
    const cap = capping?.type === "absolute" ? sql`${capping.value}::float8` : null;
    const clip = (v: SQL) => (cap ? sql`least(${v}, ${cap})` : v);
    const y = metric.type === "proportion" ? sql`(${cum} > 0)::int` : clip(cum);
    const yPrev =
      metric.type === "proportion" ? sql`(${cum} - ${inc} > 0)::int` : clip(sql`(${cum} - ${inc})`);
    const name = (k: number) => sql.raw(`m${i}_${k}`);
    const sumOf = (expr: SQL, k: number, firstRowOnly = false) =>
      sql`sum(${expr}) filter (where in_window = 1 ${firstRowOnly ? sql`and rn = 1` : sql``}) as ${name(k)}`;
    if (metric.type === "ratio") {
      add("iy", value(metric.numerator, window));
      add("id", value(metric.denominator, window));
      const d = sql.raw(`cd${i}`);
      const dPrev = sql`(${d} - ${sql.raw(`id${i}`)})`;
      out.sums.push(
        sumOf(sql`${y} - ${yPrev}`, 0),
        sumOf(sql`${y} * ${y} - ${yPrev} * ${yPrev}`, 1),
        sumOf(sql`${sql.raw(`id${i}`)}`, 2),
        sumOf(sql`${d} * ${d} - ${dPrev} * ${dPrev}`, 3),
        sumOf(sql`${y} * ${d} - ${yPrev} * ${dPrev}`, 4),
      );
      return;
    }
    add("iy", value(metric.event, window));
    out.sums.push(sumOf(sql`${y} - ${yPrev}`, 0), sumOf(sql`${y} * ${y} - ${yPrev} * ${yPrev}`, 1));
    if (input.cupedLookbackHours !== null) {
      const pre = sql`e.ts >= a.assigned_at - ${input.cupedLookbackHours} * interval '1 hour' and e.ts < a.assigned_at`;
      add("ix", value(metric.event, pre));
      // x is fixed once the unit is assigned: proportions read "any event in the pre-period".
      const x = metric.type === "proportion" ? sql`(${sql.raw(`cx${i}`)} > 0)::int` : clip(sql.raw(`cx${i}`));
      // x counts once per unit, on its first row: a unit with pre-period events has that row in
      // its assignment bucket, and a unit without any has x = 0.
      out.sums.push(
        sumOf(x, 2, true),
        sumOf(sql`${x} * ${x}`, 3, true),
        sumOf(sql`(${y} - ${yPrev}) * ${x}`, 4),
      );
    }
  });
  return out;
}

/**
 * The sums of `input` (its `end` ignored) as of each of `midnights`, ascending UTC midnights after
 * the start. A percentile cap is a percentile over all units' values as of each midnight, which
 * running sums cannot give; an experiment with one is summed one midnight at a time instead.
 */
export async function experimentSumsHistory(
  handle: DbHandle,
  input: ExperimentSumsInput,
  midnights: Date[],
): Promise<Array<{ asOf: Date; sums: ExperimentSums }>> {
  if (input.metrics.some((m) => m.type === "mean" && m.capping?.type === "percentile")) {
    const out: Array<{ asOf: Date; sums: ExperimentSums }> = [];
    for (const asOf of midnights)
      out.push({ asOf, sums: await experimentSums(handle, { ...input, end: asOf }) });
    return out;
  }
  const last = midnights.at(-1);
  if (!last) return [];
  const names = [
    ...new Set(input.metrics.flatMap((m) => [m.event, m.numerator, m.denominator]).filter((n) => n !== null)),
  ];
  const nameList = sql`array[${sql.join(
    names.map((n) => sql`${n}`),
    sql`, `,
  )}]::text[]`;
  const start = timestamptz(input.start);
  const end = timestamptz(last);
  const lookback = input.cupedLookbackHours ?? 0;
  const eventsFrom = timestamptz(new Date(input.start.getTime() - lookback * 3600_000));
  const columns = metricColumns(input);
  const running = input.metrics.flatMap((m, i) => {
    const over = (c: string) =>
      sql.raw(`sum(${c}${i}) over (partition by unit order by b) as c${c.slice(1)}${i}`);
    const out = [over("iy")];
    if (m.type === "ratio") out.push(over("id"));
    else if (input.cupedLookbackHours !== null) {
      // All of x sits in the unit's first bucket (its pre-period events land in the assignment's
      // bucket), so the running sum is the unit's x on every row, and one sort serves every window.
      out.push(over("ix"));
    }
    return out;
  });

  const perUnitBucket = sql`
    select a.variant_id, a.unit, (a.assigned_at >= ${start})::int as in_window,
      greatest(${bucket(sql`e.ts`)}, ${bucket(sql`a.assigned_at`)}) as b,
      count(*) filter (where e.ts >= ${start}) as matched, count(*) as scanned
      ${columns.increments.length > 0 ? sql`, ${sql.join(columns.increments, sql`, `)}` : sql``}
    from assignments a
    join events e on e.unit = a.unit
    where a.experiment_id = ${input.experimentId} and a.assigned_at < ${end}
      and e.name = any(${nameList}) and e.ts < ${end} and e.ts >= ${eventsFrom} and ${withinValueRange(sql`e.value`)}
    group by a.variant_id, a.unit, a.assigned_at, b`;
  const withRunning = sql`
    select *, row_number() over (partition by unit order by b) as rn
      ${running.length > 0 ? sql`, ${sql.join(running, sql`, `)}` : sql``}
    from (${perUnitBucket}) j`;
  const statement = sql`
    select variant_id, b::text as b, sum(matched) as matched, sum(scanned) as scanned
      ${columns.sums.length > 0 ? sql`, ${sql.join(columns.sums, sql`, `)}` : sql``}
    from (${withRunning}) c group by variant_id, b`;
  const increments = await handle.transaction(async (tx) => {
    // The per-unit sort behind the running sums spills to disk at the default 4 MB, as the
    // rollup's does (experiment-rollup.ts); this statement only may use more.
    await tx.rows(sql`set local work_mem = '64MB'`);
    return tx.rows<Record<string, unknown>>(statement);
  });
  const units = await handle.rows<{ variant_id: number; b: string; n: string | number }>(sql`
    select variant_id, ${bucket(sql`assigned_at`)}::text as b, count(*) as n from assignments
    where experiment_id = ${input.experimentId} and assigned_at >= ${start} and assigned_at < ${end}
    group by 1, 2`);
  const events = await handle.rows<{ b: string; n: string | number }>(sql`
    select ${bucket(sql`ts`)}::text as b, count(*) as n from events
    where name = any(${nameList}) and ts >= ${start} and ts < ${end} and ${withinValueRange(sql`value`)}
    group by 1`);

  return midnights.map((asOf) => {
    const day = Math.round(asOf.getTime() / DAY_MS);
    const upTo = (b: unknown) => Number(b) <= day;
    const totals = new Map<number, Record<string, number>>();
    for (const row of increments) {
      if (!upTo(row.b)) continue;
      const variantId = Number(row.variant_id);
      const total = totals.get(variantId) ?? {};
      for (const [key, value] of Object.entries(row)) {
        if (key === "variant_id" || key === "b") continue;
        total[key] = (total[key] ?? 0) + Number(value ?? 0);
      }
      totals.set(variantId, total);
    }
    const n = new Map<number, number>();
    for (const row of units) {
      if (upTo(row.b)) n.set(Number(row.variant_id), (n.get(Number(row.variant_id)) ?? 0) + Number(row.n));
    }
    const metricEvents = events.filter((row) => upTo(row.b)).reduce((acc, row) => acc + Number(row.n), 0);
    const sums = parseSums(
      [...totals].map(([variantId, total]) => ({ variant_id: variantId, ...total })),
      [...n].map(([variantId, count]) => ({ variant_id: variantId, n: count })),
      metricEvents,
      { ...input, end: asOf },
    );
    return { asOf, sums };
  });
}
