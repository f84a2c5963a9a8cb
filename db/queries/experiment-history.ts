import { type SQL, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { timestamptz, withinValueRange } from "#db/sql-helpers";
import {
  type ExperimentSums,
  type ExperimentSumsInput,
  metricNameList,
  parseSums,
} from "./experiment-per-unit";
import { experimentSums } from "./experiment-sums";
import { bucket, UNIT_BUCKETS, withUnitBuckets } from "./experiment-unit-buckets";

/*
 * An experiment's sums as of every UTC midnight of its history, from the per-(unit, bucket)
 * increments of one pass over assignments ⋈ events (experiment-unit-buckets.ts). A running sum
 * per unit over its buckets gives the unit's value after each bucket, and the increments of y,
 * y², y·d, y·x between consecutive buckets telescope: summed per variant up to midnight D they are
 * exactly the sums experimentSums gives with end = D. The running totals over buckets are formed
 * here, so any number of midnights costs one scan.
 */

const DAY_MS = 24 * 3600_000;

/** Per-variant sums of the telescoped increments, named m<i>_<k> as parseSums reads them. */
function telescopedSums(input: ExperimentSumsInput): SQL[] {
  const out: SQL[] = [];
  input.metrics.forEach((metric, i) => {
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
      const d = sql.raw(`cd${i}`);
      const dPrev = sql`(${d} - ${sql.raw(`id${i}`)})`;
      out.push(
        sumOf(sql`${y} - ${yPrev}`, 0),
        sumOf(sql`${y} * ${y} - ${yPrev} * ${yPrev}`, 1),
        sumOf(sql`${sql.raw(`id${i}`)}`, 2),
        sumOf(sql`${d} * ${d} - ${dPrev} * ${dPrev}`, 3),
        sumOf(sql`${y} * ${d} - ${yPrev} * ${dPrev}`, 4),
      );
      return;
    }
    out.push(sumOf(sql`${y} - ${yPrev}`, 0), sumOf(sql`${y} * ${y} - ${yPrev} * ${yPrev}`, 1));
    if (input.cupedLookbackHours !== null) {
      // x is fixed once the unit is assigned: proportions read "any event in the pre-period".
      const x = metric.type === "proportion" ? sql`(${sql.raw(`cx${i}`)} > 0)::int` : clip(sql.raw(`cx${i}`));
      // x counts once per unit, on its first row: a unit with pre-period events has that row in
      // its assignment bucket, and a unit without any has x = 0.
      out.push(sumOf(x, 2, true), sumOf(sql`${x} * ${x}`, 3, true), sumOf(sql`(${y} - ${yPrev}) * ${x}`, 4));
    }
  });
  return out;
}

/** A percentile cap is a percentile over all units' values as of each midnight, which running sums cannot give. */
export function hasPercentileCap(input: ExperimentSumsInput): boolean {
  return input.metrics.some((m) => m.type === "mean" && m.capping?.type === "percentile");
}

/**
 * The sums of `input` (its `end` ignored) as of each of `midnights`, ascending UTC midnights after
 * the start. An experiment with a percentile cap is summed one midnight at a time instead.
 */
export async function experimentSumsHistory(
  handle: DbHandle,
  input: ExperimentSumsInput,
  midnights: Date[],
): Promise<Array<{ asOf: Date; sums: ExperimentSums }>> {
  if (hasPercentileCap(input)) {
    const out: Array<{ asOf: Date; sums: ExperimentSums }> = [];
    for (const asOf of midnights)
      out.push({ asOf, sums: await experimentSums(handle, { ...input, end: asOf }) });
    return out;
  }
  const last = midnights.at(-1);
  if (!last) return [];
  return withUnitBuckets(handle, { ...input, end: last }, (tx) => historyFromBuckets(tx, input, midnights));
}

/**
 * The history of `midnights` (no percentile caps) from UNIT_BUCKETS, which withUnitBuckets filled
 * in this transaction up to the last midnight or later: later buckets are left out here.
 */
export async function historyFromBuckets(
  tx: DbHandle,
  input: ExperimentSumsInput,
  midnights: Date[],
): Promise<Array<{ asOf: Date; sums: ExperimentSums }>> {
  const last = midnights.at(-1);
  if (!last) return [];
  const start = timestamptz(input.start);
  const end = timestamptz(last);
  const sums = telescopedSums(input);
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
  const withRunning = sql`
    select *, row_number() over (partition by unit order by b) as rn
      ${running.length > 0 ? sql`, ${sql.join(running, sql`, `)}` : sql``}
    from ${UNIT_BUCKETS}`;
  const increments = await tx.rows<Record<string, unknown>>(sql`
    select variant_id, b::text as b, sum(matched) as matched, sum(scanned) as scanned
      ${sums.length > 0 ? sql`, ${sql.join(sums, sql`, `)}` : sql``}
    from (${withRunning}) c
    group by variant_id, b`);
  const units = await tx.rows<{ variant_id: number; b: string; n: string | number }>(sql`
    select variant_id, ${bucket(sql`assigned_at`)}::text as b, count(*) as n from assignments
    where experiment_id = ${input.experimentId} and assigned_at >= ${start} and assigned_at < ${end}
    group by 1, 2`);
  const events = await tx.rows<{ b: string; n: string | number }>(sql`
    select ${bucket(sql`ts`)}::text as b, count(*) as n from events
    where name = any(${metricNameList(input)}) and ts >= ${start} and ts < ${end} and ${withinValueRange(sql`value`)}
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
