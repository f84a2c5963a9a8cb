import { type SQL, sql } from "drizzle-orm";
import { withinValueRange } from "#db/sql-helpers";
import { MAX_ABS_VALUE } from "#lib/contracts/common";

/** A window of a scan: `idx` names it in the results (-1 is the reference window). */
export interface ScanWindow {
  idx: number;
  start: Date;
  /** Exclusive; already cut at the job's as-of time. */
  end: Date;
}

/** Index of the reference window in multi-window scans. */
export const REFERENCE_IDX = -1;

/** The windows as a `win(idx, ws, we)` relation. */
function windowsRelation(windows: readonly ScanWindow[]): SQL {
  const payload = JSON.stringify(
    windows.map((w) => ({ idx: w.idx, ws: w.start.toISOString(), we: w.end.toISOString() })),
  );
  return sql`json_to_recordset(${payload}::json) as win(idx int, ws timestamptz, we timestamptz)`;
}

/**
 * Predictions the model jobs read: a finite score within the API's range (±1e15). One stored
 * before the bound (or around the API) — 1e308, NaN, Infinity — would overflow a sum of squares
 * or turn every metric of its window into NaN; it is left out, as the results queries leave out
 * such events.
 */
export const usableScore: SQL = withinValueRange(sql`p.score`);

/** The same for a label (`l`): false for a missing one too. */
export const usableLabel: SQL = withinValueRange(sql`l.label`);

/**
 * A prediction's features (`p.features`) with every number beyond the API's range (±1e15) as
 * JSON null: one stored before the bound would overflow the drift sums, and 1e400 (valid JSON)
 * does not even cast to float8. One jsonpath test per prediction finds the rare rows that need
 * it; checking each value where it is cast instead cost a first drift run about half its time
 * again (bench:drift, 300,000 predictions × 20 features).
 */
export function usableFeatures(features: SQL): SQL {
  const bound = String(MAX_ABS_VALUE);
  const beyond = (v: SQL) =>
    sql`jsonb_typeof(${v}) = 'number' and (${v} > ${sql.raw(`'${bound}'`)}::jsonb or ${v} < ${sql.raw(`'-${bound}'`)}::jsonb)`;
  return sql`case when ${features} @? ${sql.raw(`'$.* ? (@.type() == "number" && (@ > ${bound} || @ < -${bound}))'`)}
    then (select jsonb_object_agg(f.key, case when ${beyond(sql`f.value`)} then 'null'::jsonb else f.value end)
          from jsonb_each(${features}) f)
    else ${features} end`;
}

/**
 * `win` (the windows) and `p` (the version's predictions in each window, with `columns`), for
 * FROM. The lateral subquery with OFFSET 0 keeps the planner from flattening it: without that
 * fence it may expand every prediction of the version first and match windows afterwards,
 * instead of reading each window's rows by an index range scan.
 */
export function windowedPredictions(versionId: number, windows: readonly ScanWindow[], columns: SQL): SQL {
  return sql`${windowsRelation(windows)}
    cross join lateral (
      select ${columns} from predictions p
      where p.version_id = ${versionId} and p.ts >= win.ws and p.ts < win.we and ${usableScore}
      offset 0
    ) p`;
}
