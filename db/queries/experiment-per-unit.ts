import { type SQL, sql } from "drizzle-orm";
import { timestamptz, withinValueRange } from "#db/sql-helpers";
import type { MetricCapping } from "#lib/contracts/metrics";
import { type RowVisibility, visibleIn } from "./row-visibility";

export interface MetricSpec {
  type: "proportion" | "mean" | "ratio";
  event: string | null;
  numerator: string | null;
  denominator: string | null;
  windowHours: number | null;
  /** Mean metrics: winsorise each unit's value (and its CUPED covariate) at this cap. */
  capping?: MetricCapping | null;
}

/**
 * One variant's sufficient statistics for one metric, named as the statistics engine's ArmSums
 * reads them: units, Σy and Σy², plus Σd, Σd², Σy·d for a ratio metric or Σx, Σx², Σy·x of the
 * CUPED covariate.
 */
export type VariantSums = { n: number; sum: number; sumSquares: number } & Partial<
  Record<RatioSum | CovariateSum, number>
>;
type RatioSum = "denominatorSum" | "denominatorSumSquares" | "sumProduct";
type CovariateSum = "covariateSum" | "covariateSumSquares" | "covariateSumProduct";

export interface ExperimentSumsInput {
  experimentId: number;
  metrics: MetricSpec[];
  /** Analysis start (the experiment's start) and end (as-of time, or the stop time if earlier). */
  start: Date;
  end: Date;
  /** CUPED pre-period length before each unit's assignment, or null without CUPED. */
  cupedLookbackHours: number | null;
}

export interface ExperimentSums {
  /** Per metric (in the order given), per variant id: the sufficient statistics. */
  metrics: Array<Map<number, VariantSums>>;
  /** Units per variant id. */
  units: Map<number, number>;
  /** Per metric: the cap applied to each unit's value this run (null: uncapped, or no value to take a percentile of). */
  caps: Array<number | null>;
  /** Metric events during the experiment from units never assigned to it. */
  unassignedEvents: number;
  /** Event rows the join read (for the job's rows-scanned figure). */
  eventsScanned: number;
}

/**
 * The per-unit values of one experiment's metrics, in a fixed order of named columns: `matched`
 * (events since the start, to count events from unassigned units), `scanned`, `in_window` (1 when
 * the unit was assigned at or after the start: only those enter the sums), then per metric
 * i: `y<i>` (outcome), `d<i>` (ratio denominator) or `x<i>` (CUPED pre-period value). Both the
 * one-pass query and the rollup use this layout, so they compute the same numbers.
 */
export interface PerUnitLayout {
  columns: Array<{ name: string; expr: SQL }>;
  /** Per-variant sums over a relation with the columns above, named m<metric>_<k>. */
  variantSums: SQL[];
  /**
   * Percentile caps, `cap<metric>`, as aggregates over every unit assigned in the window (a unit
   * without events counts as 0) with its per-unit columns named as above, or null for none.
   */
  percentileCaps: Array<{ name: string; expr: SQL }>;
  experimentId: number;
  /** Filter on events with the given alias ("" for none): the metrics' names, up to the end, values in range. */
  eventFilter: (alias: string) => SQL;
  /** Earliest event time any column reads (the start, or the CUPED lookback before it). */
  eventsFrom: SQL;
  startTs: SQL;
  endTs: SQL;
}

/** The metric events' names of an experiment, as a text[] literal. */
export function metricNameList(input: ExperimentSumsInput): SQL {
  const names = [
    ...new Set(input.metrics.flatMap((m) => [m.event, m.numerator, m.denominator]).filter(isString)),
  ];
  return sql`array[${sql.join(
    names.map((n) => sql`${n}`),
    sql`, `,
  )}]::text[]`;
}

export function perUnitLayout(input: ExperimentSumsInput): PerUnitLayout {
  const { metrics, start, end, cupedLookbackHours } = input;
  const endTs = timestamptz(end);
  const startTs = timestamptz(start);
  const lookback = cupedLookbackHours ?? 0;
  const eventsFrom = timestamptz(new Date(start.getTime() - lookback * 3600_000));

  const columns: PerUnitLayout["columns"] = [
    { name: "matched", expr: sql`count(*) filter (where e.ts >= ${startTs})` },
    { name: "scanned", expr: sql`count(*)` },
    // Units assigned before the start stay out of the results (as GrowthBook excludes exposures
    // outside the analysis window); their events still count as matched, not as unassigned.
    { name: "in_window", expr: sql`(min(a.assigned_at) >= ${startTs})::int` },
  ];
  const variantSums: SQL[] = [];
  const percentileCaps: PerUnitLayout["percentileCaps"] = [];
  metrics.forEach((metric, i) => {
    const inWindow = windowCondition(metric.windowHours, endTs);
    const y = sql.raw(`y${i}`);
    if (metric.type === "ratio") {
      const d = sql.raw(`d${i}`);
      columns.push({ name: `y${i}`, expr: eventSum(metric.numerator, inWindow) });
      columns.push({ name: `d${i}`, expr: eventSum(metric.denominator, inWindow) });
      variantSums.push(sums(i, [y, sql`${y} * ${y}`, d, sql`${d} * ${d}`, sql`${y} * ${d}`]));
      return;
    }
    const value = (condition: SQL) =>
      metric.type === "proportion"
        ? sql`(count(*) filter (where e.name = ${metric.event} and ${condition}) > 0)::int`
        : eventSum(metric.event, condition);
    columns.push({ name: `y${i}`, expr: value(inWindow) });
    const capping = metric.type === "mean" ? metric.capping : null;
    if (capping?.type === "percentile") {
      const unitValue = capping.ignoreZeros ? sql`nullif(${y}, 0)` : y;
      percentileCaps.push({
        name: `cap${i}`,
        expr: sql`percentile_cont(${capping.value}::float8) within group (order by ${unitValue})`,
      });
    }
    const cap = capExpression(capping, i);
    const yc = cap ? sql`least(${y}, ${cap})` : y;
    variantSums.push(sums(i, [yc, sql`${yc} * ${yc}`]));
    if (cupedLookbackHours !== null) {
      // GrowthBook caps the pre-period value at the outcome's cap.
      const x = cap ? sql`least(${sql.raw(`x${i}`)}, ${cap})` : sql.raw(`x${i}`);
      const pre = sql`e.ts >= a.assigned_at - ${cupedLookbackHours} * interval '1 hour' and e.ts < a.assigned_at`;
      columns.push({ name: `x${i}`, expr: value(pre) });
      variantSums.push(sums(i, [x, sql`${x} * ${x}`, sql`${yc} * ${x}`], 2));
    }
  });
  const nameList = metricNameList(input);
  const eventFilter = (alias: string) => {
    const col = (name: string) => sql.raw(alias ? `${alias}.${name}` : name);
    return sql`${col("name")} = any(${nameList}) and ${col("ts")} < ${endTs} and ${withinValueRange(sql.raw(alias ? `${alias}.value` : "value"))}`;
  };
  return {
    columns,
    variantSums,
    percentileCaps,
    experimentId: input.experimentId,
    eventFilter,
    eventsFrom,
    startTs,
    endTs,
  };
}

/**
 * How a per-unit column combines over two disjoint sets of a unit's events: counts and sums add;
 * a proportion's 0/1 "any event" value (and the assignment's in_window flag) is the larger.
 */
export function columnCombines(input: ExperimentSumsInput, name: string): "sum" | "any" {
  if (name === "matched" || name === "scanned") return "sum";
  if (name === "in_window") return "any";
  const match = /^([ydx])(\d+)$/.exec(name);
  const metric = match ? input.metrics[Number(match[2])] : undefined;
  if (!match || !metric) throw new Error(`unknown per-unit column ${name}`);
  return metric.type === "proportion" && match[1] !== "d" ? "any" : "sum";
}

/** The cap of metric i in a sum: the absolute value, or the percentile column of the `caps` relation. */
function capExpression(capping: MetricCapping | null | undefined, i: number): SQL | null {
  if (!capping) return null;
  return capping.type === "absolute" ? sql`${capping.value}::float8` : sql.raw(`caps.cap${i}`);
}

/**
 * Per-unit rows (variant_id, unit, columns…) of assigned units that have metric events:
 * assignments ⋈ events on unit (a parallel hash join), grouped per unit. `units`, when given,
 * restricts both sides to some units (the rollup's changed units); `events` replaces the events
 * table by a relation with its columns (unit, name, ts, value); `visibleTo` keeps only the event
 * rows a snapshot saw (row-visibility.ts). With `probe`, each of `units` (distinct) has its
 * assignment looked up by key: for a few thousand units among a million, the planner would
 * rather scan and hash every assignment (0.4 s against 0.15 s, measured).
 */
export function perUnitRows(
  input: ExperimentSumsInput,
  layout: PerUnitLayout,
  options: { units?: SQL; events?: SQL; visibleTo?: RowVisibility; probe?: boolean } = {},
): SQL {
  const { units, events = sql`events`, visibleTo } = options;
  const probe = units !== undefined && options.probe === true;
  // Probed units restrict both sides through the join already.
  const only = (alias: string) => (units && !probe ? sql`and ${sql.raw(alias)}.unit in (${units})` : sql``);
  const assignments = probe
    ? sql`(${units}) u cross join lateral (
          select variant_id, unit, assigned_at, experiment_id from assignments
          where experiment_id = ${input.experimentId} and unit = u.unit limit 1) a`
    : sql`assignments a`;
  return sql`
    select a.variant_id, a.unit, ${sql.join(
      layout.columns.map((c) => sql`${c.expr} as ${sql.raw(c.name)}`),
      sql`, `,
    )}
    from ${assignments}
    join ${events} e on e.unit = a.unit
    where a.experiment_id = ${input.experimentId} and a.assigned_at < ${layout.endTs} ${only("a")}
      and ${layout.eventFilter("e")} and e.ts >= ${layout.eventsFrom} ${only("e")}
      ${visibleTo ? sql`and ${visibleIn(visibleTo, "e")}` : sql``}
    group by a.variant_id, a.unit`;
}

/**
 * Per-variant totals over a per-unit relation with the layout's columns (variant_id, unit, …).
 * With `cells` (a relation of unit, variant_id, cell) the totals are per variant and cell, for a
 * dimension breakdown. Percentile caps are taken over all units first, so every cell is capped at
 * the experiment's cap; each row carries them as cap<i>.
 */
export function variantTotals(layout: PerUnitLayout, perUnit: SQL, cells?: SQL): SQL {
  const capped = layout.percentileCaps.length > 0;
  const caps = capped
    ? sql`, caps as (
        select ${sql.join(
          layout.percentileCaps.map((c) => sql`${c.expr} as ${sql.raw(c.name)}`),
          sql`, `,
        )} from (
          select ${sql.join(
            layout.columns
              .filter((c) => /^[yx]\d+$/.test(c.name))
              .map((c) => sql.raw(`coalesce(p.${c.name}, 0) as ${c.name}`)),
            sql`, `,
          )}
          from assignments a left join per_unit p on p.unit = a.unit and p.variant_id = a.variant_id
          where a.experiment_id = ${layout.experimentId} and a.assigned_at >= ${layout.startTs}
            and a.assigned_at < ${layout.endTs}
        ) all_units)`
    : sql``;
  const capColumns = sql.join(
    layout.percentileCaps.map((c) => sql.raw(`, max(caps.${c.name}) as ${c.name}`)),
    sql``,
  );
  const cell = cells ? sql`, c.cell` : sql``;
  return sql`
    with per_unit as (${perUnit}) ${caps}
    select p.variant_id ${cell}, sum(matched) as matched, sum(scanned) as scanned,
      ${sql.join(layout.variantSums, sql`, `)} ${capColumns}
    from per_unit p
      ${cells ? sql`join (${cells}) c on c.unit = p.unit and c.variant_id = p.variant_id` : sql``}
      ${capped ? sql`cross join caps` : sql``}
    group by p.variant_id ${cell}`;
}

/** Units per variant assigned in the analysis window [start, end): the part of the result no join gives. */
export function unitCountsQuery(input: ExperimentSumsInput, layout: PerUnitLayout): SQL {
  return sql`
    select variant_id, count(*) as n from assignments
    where experiment_id = ${input.experimentId} and assigned_at >= ${layout.startTs} and assigned_at < ${layout.endTs}
    group by variant_id`;
}

/** Metric events in [from, end) — from the start unless `from` is given — assigned or not. */
export function metricEventsQuery(layout: PerUnitLayout, from: SQL = layout.startTs): SQL {
  return sql`select count(*) as events from events where ${layout.eventFilter("")} and ts >= ${from}`;
}

/** Turns the per-variant totals, unit counts and event count into the engine's inputs. */
export function parseSums(
  rows: Array<Record<string, unknown>>,
  units: Array<{ variant_id: number; n: string | number }>,
  metricEvents: number,
  input: ExperimentSumsInput,
): ExperimentSums {
  const cuped = input.cupedLookbackHours !== null;
  const result: ExperimentSums = {
    metrics: input.metrics.map(() => new Map()),
    units: new Map(units.map((u) => [Number(u.variant_id), Number(u.n)])),
    unassignedEvents: metricEvents,
    eventsScanned: 0,
    caps: capsOf(rows, input.metrics),
  };
  const byVariant = new Map(rows.map((row) => [Number(row.variant_id), row]));
  for (const [variantId, n] of result.units) {
    const row = byVariant.get(variantId) ?? {};
    result.eventsScanned += Number(row.scanned ?? 0);
    result.unassignedEvents -= Number(row.matched ?? 0);
    input.metrics.forEach((metric, i) => {
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

/** The cap each metric's values were clipped at: its absolute value, or the percentile the query returned. */
function capsOf(rows: Array<Record<string, unknown>>, metrics: MetricSpec[]): Array<number | null> {
  return metrics.map((metric, i) => {
    const capping = metric.type === "mean" ? metric.capping : null;
    if (!capping) return null;
    if (capping.type === "absolute") return capping.value;
    const value = rows.find((row) => row[`cap${i}`] !== null && row[`cap${i}`] !== undefined)?.[`cap${i}`];
    return value === undefined ? null : Number(value);
  });
}

function eventSum(name: string | null, condition: SQL): SQL {
  return sql`coalesce(sum(e.value) filter (where e.name = ${name} and ${condition}), 0)`;
}

/** `sum(expr) as m<metric>_<k>` over the units in the analysis window, for each expression, so every column has its own name. */
function sums(metric: number, expressions: SQL[], firstIndex = 0): SQL {
  return sql.join(
    expressions.map(
      (expr, k) =>
        sql`sum(${expr}) filter (where in_window = 1) as ${sql.raw(`m${metric}_${firstIndex + k}`)}`,
    ),
    sql`, `,
  );
}

/** Events count from assignment until the window closes (or the analysis end). */
function windowCondition(windowHours: number | null, endTs: SQL): SQL {
  if (windowHours === null) return sql`e.ts >= a.assigned_at`;
  return sql`e.ts >= a.assigned_at and e.ts < least(a.assigned_at + ${windowHours} * interval '1 hour', ${endTs})`;
}

function isString(value: string | null): value is string {
  return typeof value === "string";
}
