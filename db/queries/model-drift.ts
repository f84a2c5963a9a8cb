/**
 * The drift job's two scans: the reference profile (which features, their types and quantile
 * edges) and the binned counts of every window. Both expand each prediction's features once
 * with jsonb_each, so one scan serves all features; only small aggregates reach Node.
 */
import { type SQL, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { float8Array, timestamptz, toNumber, toNumberOrNull } from "#db/sql-helpers";
import {
  REFERENCE_IDX,
  type ScanWindow,
  usableFeatures,
  usableLabel,
  usableScore,
  windowedPredictions,
} from "./model-sql";

import type { DriftSubject } from "#lib/vocabulary";

/** What is compared: a feature, the model's score, or the label (labelled predictions only). */
export type { DriftSubject };

/** A raw row of the scans below: `kind` is one of the subjects the value expansion writes. */
type SubjectRow = Record<string, unknown> & { kind: DriftSubject };

/** Categories kept by name per feature (by reference frequency); the rest are counted as "other". */
export const MAX_CATEGORIES = 50;
/** Slot of the category counts for values outside the kept categories. */
export const OTHER_SLOT = -2;
/** Slot of missing values (JSON null, non-numbers in numeric features). */
export const MISSING_SLOT = -1;

/**
 * Every value a drift scan compares, one row per (prediction, feature): the features through
 * jsonb_each (a number beyond the API's range as missing), plus the score and, when labelled, the label. `columns` gives the scan's columns
 * for a feature (`e.value`) and for the score and label (`n`, a float8), in the same order.
 * The planner pulls the union up and evaluates a column's expression at each use, so each
 * expression here should be used once (a fence, OFFSET 0, measured slower than that).
 */
function expandedValues(columns: { feature: SQL; other: (n: SQL) => SQL }): SQL {
  return sql`
    left join labels l on l.prediction_id = p.id
    cross join lateral (
      select 'feature'::text as kind, e.key, ${columns.feature} from jsonb_each(${usableFeatures(sql`p.features`)}) e
      union all select 'score', 'score', ${columns.other(sql`p.score`)}
      union all select 'label', 'label', ${columns.other(sql`l.label`)} where ${usableLabel}
    ) v`;
}

export interface ReferenceProfile {
  subject: DriftSubject;
  name: string;
  /** Non-null values of any type. */
  present: number;
  numbers: number;
  distinctNumbers: number;
  /** percentile_cont at the requested levels over the numeric values; null without numbers. */
  quantiles: number[] | null;
  /** Population standard deviation of the numeric values. */
  std: number | null;
  /** percentile_disc at the requested cell levels (observed values); null without numbers. */
  cellQuantiles: number[] | null;
}

/**
 * One scan of a version's reference window: per feature (and score, label) the value counts by
 * type, the distinct numeric values, σ, the reference quantiles at `levels` (the union of
 * every feature's levels: one constant argument keeps the grouping on the feature alone) and the
 * observed values at the fine `cellLevels` (percentile_disc) that cut KS and Wasserstein's cells.
 */
export async function referenceProfiles(
  handle: DbHandle,
  input: { versionId: number; window: ScanWindow; levels: readonly number[]; cellLevels: readonly number[] },
): Promise<ReferenceProfile[]> {
  const rows = await handle.rows<SubjectRow>(sql`
    select v.kind, v.key,
      count(*) filter (where v.present) as present,
      count(v.num) as numbers,
      count(distinct v.num) as distinct_numbers,
      percentile_cont(${float8Array(input.levels)}) within group (order by v.num) as quantiles,
      percentile_disc(${float8Array(input.cellLevels)}) within group (order by v.num) as cell_quantiles,
      stddev_pop(v.num) as std
    from predictions p
    ${expandedValues({
      feature: sql`jsonb_typeof(e.value) <> 'null' as present,
        case when jsonb_typeof(e.value) = 'number' then (e.value)::float8 end as num`,
      other: (n) => sql`true, ${n}`,
    })}
    where p.version_id = ${input.versionId} and ${usableScore}
      and p.ts >= ${timestamptz(input.window.start)} and p.ts < ${timestamptz(input.window.end)}
    group by v.kind, v.key
    order by v.kind, v.key`);
  return rows.map((r) => ({
    subject: r.kind,
    name: String(r.key),
    present: toNumber(r.present),
    numbers: toNumber(r.numbers),
    distinctNumbers: toNumber(r.distinct_numbers),
    quantiles: Array.isArray(r.quantiles) ? r.quantiles.map(Number) : null,
    std: toNumberOrNull(r.std),
    cellQuantiles: Array.isArray(r.cell_quantiles) ? r.cell_quantiles.map(Number) : null,
  }));
}

/** How one feature is binned in the histogram scan. */
export interface BinningSpec {
  subject: DriftSubject;
  name: string;
  /** Reference-quantile edges (numeric binning: `width_bucket`), or null to count categories. */
  edges: number[] | null;
  /** The categories to keep, when already known (else ranked from the reference window's rows). */
  categories: string[] | null;
  /** Fine cell edges of numeric features (`width_bucket` again), or null: KS and Wasserstein's cells. */
  cells: number[] | null;
}

export interface HistogramCount {
  idx: number;
  subject: DriftSubject;
  name: string;
  /**
   * Numeric: the bin (width_bucket, 0…edges.length). Categories: the category's rank by
   * reference frequency (0…MAX_CATEGORIES−1) or OTHER_SLOT. MISSING_SLOT for missing values.
   */
  slot: number;
  /** The category's value as text, for ranked categories. */
  category: string | null;
  count: number;
  /** Smallest and largest numeric value in the slot (and cell). */
  min: number | null;
  max: number | null;
  /** The fine cell (0…cells.length) of numeric features with cells, else null. */
  cell: number | null;
  /** Sum of the numeric values, and Σ(x − mean)² of them, in the slot and cell. */
  sum: number | null;
  m2: number | null;
}

/**
 * One scan over all the given windows (the reference window too, as REFERENCE_IDX, unless its
 * categories are given in `spec`): binned counts per window and feature. Numeric features are
 * bucketed against their reference edges; categorical ones are counted per value and folded,
 * still in SQL, into the reference's MAX_CATEGORIES most frequent values plus "other". Features
 * absent from `spec` (new since the reference) are skipped. A prediction without a feature key
 * yields no row: the caller derives those missing values from the window's total (the score's
 * count).
 *
 * Numeric features with `cells` are also split by their fine cells, each row carrying the
 * cell's count, sum, Σ(x − mean)² (count × var_pop), min and max: sums that merge across days
 * and shards.
 *
 * Feature numbers are bucketed as numeric (jsonb's own type) against the coarse edges' shortest
 * decimal form, which orders them exactly as the float8 values are ordered. The fine cells and
 * the moments take the float8 value (via text, jsonb's cheapest way to a float8; var_pop is
 * Youngs–Cramer): width_bucket bisects a fixed-width array but scans a numeric one element by
 * element, and ~2,200 edges make that matter. The aggregation is forced to hash:
 * the groups are few (windows × features × cells, a few thousand per feature) however many rows
 * there are, but the planner cannot know that and would sort them all; work_mem is raised for
 * this statement so that the hash table of a first run (reference and seven days) stays in memory.
 */
export async function driftHistograms(
  handle: DbHandle,
  input: { versionId: number; windows: readonly ScanWindow[]; spec: readonly BinningSpec[] },
): Promise<HistogramCount[]> {
  const spec = JSON.stringify(
    input.spec.map((s) => ({
      kind: s.subject,
      key: s.name,
      edges: s.edges,
      categories: s.categories,
      cells: s.cells,
    })),
  );
  const query = sql`
    with spec as (
      select kind, key, edges, edges::float8[] as float_edges, edges is null as categorical, categories,
        cells is not null as has_cells, cells as float_cells
      from json_to_recordset(${spec}::json) as s(kind text, key text, edges numeric[], categories text[], cells float8[])
    ),
    binned as (
      select win.idx, v.kind, v.key, s.categorical,
        case when not s.categorical
          then coalesce(width_bucket(v.fnum, s.edges), width_bucket(v.dnum, s.float_edges), ${MISSING_SLOT})
        end as bin,
        case when s.categorical then coalesce(v.j #>> '{}', v.dnum::text) end as cat,
        case when s.has_cells then width_bucket(v.cnum, s.float_cells) end as cell,
        count(*) as n, min(v.cnum) as lo, max(v.cnum) as hi, sum(v.cnum) as s, var_pop(v.cnum) as var
      from ${windowedPredictions(input.versionId, input.windows, sql`p.id, p.score, p.features`)}
      ${expandedValues({
        feature: sql`e.value as j,
          case when jsonb_typeof(e.value) = 'number' then (e.value)::numeric end as fnum,
          null::float8 as dnum,
          case when jsonb_typeof(e.value) = 'number' then (e.value #>> '{}')::float8 end as cnum`,
        other: (n) => sql`null::jsonb, null::numeric, ${n}, ${n}`,
      })}
      join spec s on s.kind = v.kind and s.key = v.key
      group by 1, 2, 3, 4, 5, 6, 7
    ),
    ranked as (
      select kind, key, cat, slot from (
        select kind, key, cat, (row_number() over (partition by kind, key order by n desc, cat) - 1)::int as slot
        from binned
        where idx = ${REFERENCE_IDX} and cat is not null
      ) r
      where slot < ${MAX_CATEGORIES}
      union all
      select s.kind, s.key, c.cat, (c.ord - 1)::int
      from spec s cross join lateral unnest(s.categories) with ordinality as c(cat, ord)
    )
    select b.idx, b.kind, b.key,
      case
        when not b.categorical then b.bin
        when b.cat is null then ${MISSING_SLOT}
        when r.slot is null then ${OTHER_SLOT}
        else r.slot
      end as slot,
      r.cat as category, b.cell,
      sum(b.n) as n, min(b.lo) as lo, max(b.hi) as hi,
      -- One binned row per (slot, cell) of a numeric feature: these pass its sums through.
      sum(b.s) as s, sum(b.var * b.n) as m2
    from binned b
    left join ranked r on r.kind = b.kind and r.key = b.key and r.cat = b.cat
    group by 1, 2, 3, 4, 5, 6`;
  const rows = await handle.transaction(async (tx) => {
    await tx.rows(sql`set local enable_sort = off`);
    await tx.rows(sql`set local work_mem = '256MB'`);
    // JIT-compiling this wide expression list costs seconds and buys nothing on a hash aggregate.
    await tx.rows(sql`set local jit = off`);
    return tx.rows<SubjectRow>(query);
  });
  return rows.map((r) => ({
    idx: toNumber(r.idx),
    subject: r.kind,
    name: String(r.key),
    slot: toNumber(r.slot),
    category: r.category === null || r.category === undefined ? null : String(r.category),
    count: toNumber(r.n),
    min: toNumberOrNull(r.lo),
    max: toNumberOrNull(r.hi),
    cell: toNumberOrNull(r.cell),
    sum: toNumberOrNull(r.s),
    m2: toNumberOrNull(r.m2),
  }));
}
