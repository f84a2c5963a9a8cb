import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { timestamptz } from "#db/sql-helpers";
import { hasPercentileCap } from "./experiment-history";
import type { EventHours } from "./experiment-metric-events";
import { type ExperimentSumsInput, type PerUnitLayout, perUnitLayout } from "./experiment-per-unit";
import type { RowVisibility } from "./row-visibility";

/*
 * The state row of an experiment's rollup (experiment_rollups): what the per-unit values were
 * computed for and up to when, and the running figures kept beside them so a scheduled run adds
 * what it changed instead of reading every unit or event again:
 *   - per-variant totals (variantTotals' rows: variant_id, matched, scanned, m<i>_<k>):
 *     totals' = totals + Σ(updated units' new values) − Σ(their old values). Every column is a
 *     sum over units of a per-unit term, so the update is exact up to floating-point rounding (one
 *     addition and one subtraction per run; sums of integers stay exact below 2^53);
 *   - the metric events per hour of arrival (experiment-metric-events.ts).
 */

/** One variant's row of totals. */
export type VariantTotalsRow = Record<string, number>;

export type RollupState =
  | { usable: false }
  | {
      usable: true;
      endAt: string;
      watermark: string;
      /** The event rows the rollup's values count. */
      visibility: RowVisibility;
      /** The stored totals, if they were summed for this input's fingerprint and caps. */
      totals: VariantTotalsRow[] | null;
      eventHours: EventHours | null;
    };

/**
 * The rollup's state if its values hold for `input` (same fingerprint, end not later). With
 * `lock`, the row is locked until the caller's transaction ends: two runs of one experiment at
 * once would otherwise both add their changes to the totals.
 */
export async function rollupState(
  handle: DbHandle,
  input: ExperimentSumsInput,
  options: { lock?: boolean } = {},
): Promise<RollupState> {
  const fingerprint = fingerprintOf(input, perUnitLayout(input));
  const [state] = await handle.rows<{
    fingerprint: string;
    end_at: string;
    watermark: string;
    totals_key: string | null;
    totals: VariantTotalsRow[] | string | null;
    event_hours: EventHours | string | null;
    snapshot: string | null;
    visible_before: string | null;
  }>(sql`
    select fingerprint, end_at::text, watermark::text, totals_key, totals, event_hours, snapshot,
      visible_before::text
    from experiment_rollups
    where experiment_id = ${input.experimentId} ${options.lock ? sql`for update` : sql``}`);
  if (
    !state ||
    state.fingerprint !== fingerprint ||
    new Date(state.end_at) > input.end ||
    state.snapshot === null ||
    state.visible_before === null
  )
    return { usable: false };
  const key = totalsKey(input, fingerprint);
  return {
    usable: true,
    endAt: state.end_at,
    watermark: state.watermark,
    visibility: { snapshot: state.snapshot, before: state.visible_before },
    totals: key !== null && state.totals_key === key ? json(state.totals) : null,
    eventHours: json(state.event_hours),
  };
}

/** The state after a run: `totals` only where they can be kept (see totalsKey). */
export async function writeState(
  handle: DbHandle,
  input: ExperimentSumsInput,
  layout: PerUnitLayout,
  watermark: string,
  visibility: RowVisibility,
  kept: { totals: VariantTotalsRow[] | null; eventHours: EventHours | null },
) {
  const fingerprint = fingerprintOf(input, layout);
  const key = kept.totals ? totalsKey(input, fingerprint) : null;
  await handle.rows(sql`
    insert into experiment_rollups (experiment_id, fingerprint, end_at, watermark, snapshot, visible_before,
      totals_key, totals, event_hours)
    values (${input.experimentId}, ${fingerprint}, ${timestamptz(input.end)}, ${timestamptz(watermark)},
      ${visibility.snapshot}, ${timestamptz(visibility.before)},
      ${key}, ${jsonParam(key ? kept.totals : null)}::jsonb, ${jsonParam(kept.eventHours)}::jsonb)
    on conflict (experiment_id) do update
      set fingerprint = excluded.fingerprint, end_at = excluded.end_at, watermark = excluded.watermark,
        snapshot = excluded.snapshot, visible_before = excluded.visible_before,
        totals_key = excluded.totals_key, totals = excluded.totals, event_hours = excluded.event_hours`);
}

/**
 * Adds the figures a rebuild summed after its transaction, unless another run has moved the
 * rollup on since (its watermark is then later, and its own figures stand).
 */
export async function storeRebuiltFigures(
  handle: DbHandle,
  input: ExperimentSumsInput,
  layout: PerUnitLayout,
  watermark: string,
  kept: { totals: VariantTotalsRow[]; eventHours: EventHours },
) {
  const key = totalsKey(input, fingerprintOf(input, layout));
  await handle.rows(sql`
    update experiment_rollups
    set totals_key = ${key}, totals = ${jsonParam(key ? kept.totals : null)}::jsonb,
      event_hours = ${jsonParam(kept.eventHours)}::jsonb
    where experiment_id = ${input.experimentId} and watermark = ${timestamptz(watermark)}`);
}

/** `base + plus − minus`, per variant and column; a column a row lacks (or null: no units) is 0. */
export function applyDelta(
  base: ReadonlyArray<Record<string, unknown>>,
  plus: ReadonlyArray<Record<string, unknown>> = [],
  minus: ReadonlyArray<Record<string, unknown>> = [],
): VariantTotalsRow[] {
  const out = new Map<number, VariantTotalsRow>();
  const add = (rows: ReadonlyArray<Record<string, unknown>>, sign: 1 | -1) => {
    for (const row of rows) {
      const variantId = Number(row.variant_id);
      const total = out.get(variantId) ?? { variant_id: variantId };
      for (const [column, value] of Object.entries(row)) {
        if (column === "variant_id") continue;
        total[column] = (total[column] ?? 0) + sign * Number(value ?? 0);
      }
      out.set(variantId, total);
    }
  };
  add(base, 1);
  add(plus, 1);
  add(minus, -1);
  return [...out.values()].sort((a, b) => (a.variant_id ?? 0) - (b.variant_id ?? 0));
}

/** Everything the per-unit values depend on except the end. */
export function fingerprintOf(input: ExperimentSumsInput, layout: PerUnitLayout): string {
  const basis = JSON.stringify({
    v: 1,
    experiment: input.experimentId,
    start: input.start.toISOString(),
    // Caps apply when the rollup is summed, so the stored values do not depend on them.
    metrics: input.metrics.map(({ capping: _capping, ...rest }) => rest),
    cuped: input.cupedLookbackHours,
    columns: layout.columns.map((c) => c.name),
  });
  return createHash("sha256").update(basis).digest("hex");
}

/**
 * What stored totals were summed for: the rollup's fingerprint and the caps (applied when the
 * rollup is summed). Null with a percentile cap: the cap moves with every unit, so no part of
 * the sum can be kept.
 */
function totalsKey(input: ExperimentSumsInput, fingerprint: string): string | null {
  if (hasPercentileCap(input)) return null;
  const caps = JSON.stringify(input.metrics.map((m) => m.capping ?? null));
  return createHash("sha256").update(`${fingerprint}\n${caps}`).digest("hex");
}

/** A driver may hand jsonb back as text. */
function json<T>(value: T | string | null): T | null {
  return typeof value === "string" ? (JSON.parse(value) as T) : value;
}

function jsonParam(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
