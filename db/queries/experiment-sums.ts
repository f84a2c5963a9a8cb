import { type SQL, sql } from "drizzle-orm";
import type { DbHandle } from "../client";

export interface MetricSpec {
  type: "proportion" | "mean" | "ratio";
  event: string | null;
  numerator: string | null;
  denominator: string | null;
  windowHours: number | null;
}

export interface VariantSums {
  n: number;
  sum: number;
  sumSquares: number;
  denominatorSum?: number;
  denominatorSumSquares?: number;
  sumProduct?: number;
  covariateSum?: number;
  covariateSumSquares?: number;
  covariateSumProduct?: number;
}

export interface ExperimentSums {
  /** Per metric (in the order given), per variant id: the sufficient statistics. */
  metrics: Array<Map<number, VariantSums>>;
  /** Units per variant id. */
  units: Map<number, number>;
  /** Metric events during the experiment from units never assigned to it. */
  unassignedEvents: number;
  /** Event rows the join read (for the job's rows-scanned figure). */
  eventsScanned: number;
}

export interface ExperimentSumsInput {
  experimentId: number;
  metrics: MetricSpec[];
  /** Analysis start (the experiment's start) and end (as-of time, or the stop time if earlier). */
  start: Date;
  end: Date;
  /** CUPED pre-period length before each unit's assignment, or null without CUPED. */
  cupedLookbackHours: number | null;
}

/**
 * Per-variant sufficient statistics for every metric of one experiment, in ONE query: assigned
 * units ⋈ their metric events (a hash join on unit), summed per unit, then per variant. Only sums
 * leave the database, so they merge across shards and days. The join is a FULL join so that the
 * same scan also counts events from units that were never assigned (a data-quality signal).
 */
export async function experimentSums(handle: DbHandle, input: ExperimentSumsInput): Promise<ExperimentSums> {
  const { experimentId, metrics, start, end, cupedLookbackHours } = input;
  const names = [...new Set(metrics.flatMap((m) => [m.event, m.numerator, m.denominator]).filter(isString))];
  const endTs = sql`${end.toISOString()}::timestamptz`;
  const startTs = sql`${start.toISOString()}::timestamptz`;
  const lookback = cupedLookbackHours ?? 0;
  const eventsFrom = sql`${new Date(start.getTime() - lookback * 3600_000).toISOString()}::timestamptz`;

  const perUnit: SQL[] = [];
  const perVariant: SQL[] = [];
  metrics.forEach((metric, i) => {
    const inWindow = windowCondition(metric.windowHours, endTs);
    const pre =
      cupedLookbackHours === null
        ? null
        : sql`e.ts >= a.assigned_at - ${cupedLookbackHours} * interval '1 hour' and e.ts < a.assigned_at`;
    const y = sql.raw(`y${i}`);
    const x = sql.raw(`x${i}`);
    const d = sql.raw(`d${i}`);
    if (metric.type === "ratio") {
      perUnit.push(
        sql`coalesce(sum(e.value) filter (where e.name = ${metric.numerator} and ${inWindow}), 0) as ${y}`,
      );
      perUnit.push(
        sql`coalesce(sum(e.value) filter (where e.name = ${metric.denominator} and ${inWindow}), 0) as ${d}`,
      );
      perVariant.push(sums(i, [y, sql`${y} * ${y}`, d, sql`${d} * ${d}`, sql`${y} * ${d}`]));
      return;
    }
    const value = (condition: SQL) =>
      metric.type === "proportion"
        ? sql`(count(*) filter (where e.name = ${metric.event} and ${condition}) > 0)::int`
        : sql`coalesce(sum(e.value) filter (where e.name = ${metric.event} and ${condition}), 0)`;
    perUnit.push(sql`${value(inWindow)} as ${y}`);
    perVariant.push(sums(i, [y, sql`${y} * ${y}`]));
    if (pre) {
      perUnit.push(sql`${value(pre)} as ${x}`);
      perVariant.push(sums(i, [x, sql`${x} * ${x}`, sql`${y} * ${x}`], 2));
    }
  });

  const rows = await handle.rows<Record<string, unknown>>(sql`
    with a as (
      select unit, variant_id, assigned_at from assignments
      where experiment_id = ${experimentId} and assigned_at < ${endTs}
    ), e as (
      select unit, name, value, ts from events
      where name = any(${sql`array[${sql.join(
        names.map((n) => sql`${n}`),
        sql`, `,
      )}]::text[]`}) and ts >= ${eventsFrom} and ts < ${endTs}
    ), per_unit as (
      select a.variant_id,
        count(e.ts) filter (where a.unit is null and e.ts >= ${startTs}) as unassigned,
        count(e.ts) as scanned
        ${perUnit.length ? sql`, ${sql.join(perUnit, sql`, `)}` : sql``}
      from a full join e on e.unit = a.unit
      group by a.variant_id, a.unit
    )
    select variant_id, count(*) as n, sum(unassigned) as unassigned, sum(scanned) as scanned
      ${perVariant.length ? sql`, ${sql.join(perVariant, sql`, `)}` : sql``}
    from per_unit
    group by variant_id`);
  return parseRows(rows, metrics, cupedLookbackHours !== null);
}

/** `sum(expr) as m<metric>_<k>` for each expression, so every column has its own name. */
function sums(metric: number, expressions: SQL[], firstIndex = 0): SQL {
  return sql.join(
    expressions.map((expr, k) => sql`sum(${expr}) as ${sql.raw(`m${metric}_${firstIndex + k}`)}`),
    sql`, `,
  );
}

/** Events count from assignment until the window closes (or the analysis end). */
function windowCondition(windowHours: number | null, endTs: SQL): SQL {
  if (windowHours === null) return sql`e.ts >= a.assigned_at`;
  return sql`e.ts >= a.assigned_at and e.ts < least(a.assigned_at + ${windowHours} * interval '1 hour', ${endTs})`;
}

function parseRows(
  rows: Array<Record<string, unknown>>,
  metrics: MetricSpec[],
  cuped: boolean,
): ExperimentSums {
  const result: ExperimentSums = {
    metrics: metrics.map(() => new Map()),
    units: new Map(),
    unassignedEvents: 0,
    eventsScanned: 0,
  };
  for (const row of rows) {
    result.eventsScanned += Number(row.scanned ?? 0);
    if (row.variant_id === null) {
      result.unassignedEvents += Number(row.unassigned ?? 0);
      continue;
    }
    const variantId = Number(row.variant_id);
    const n = Number(row.n);
    result.units.set(variantId, n);
    metrics.forEach((metric, i) => {
      const col = (k: number) => Number(row[`m${i}_${k}`] ?? 0);
      const sums: VariantSums = { n, sum: col(0), sumSquares: col(1) };
      if (metric.type === "ratio") {
        sums.denominatorSum = col(2);
        sums.denominatorSumSquares = col(3);
        sums.sumProduct = col(4);
      } else if (cuped) {
        sums.covariateSum = col(2);
        sums.covariateSumSquares = col(3);
        sums.covariateSumProduct = col(4);
      }
      result.metrics[i]?.set(variantId, sums);
    });
  }
  return result;
}

function isString(value: string | null): value is string {
  return typeof value === "string";
}
