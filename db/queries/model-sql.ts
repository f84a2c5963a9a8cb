import { type SQL, sql } from "drizzle-orm";

/** A window of a scan: `idx` names it in the results (-1 is the reference window). */
export interface ScanWindow {
  idx: number;
  start: Date;
  /** Exclusive; already cut at the job's as-of time. */
  end: Date;
}

/** Index of the reference window in multi-window scans. */
export const REFERENCE_IDX = -1;

/** A timestamptz literal parameter (ISO strings behave the same on postgres.js and PGlite). */
export function timestamptz(t: Date): SQL {
  return sql`${t.toISOString()}::timestamptz`;
}

/** A float8[] parameter; a JS number's text round-trips exactly through float8 input. */
export function float8Array(values: readonly number[]): SQL {
  return sql`${`{${values.join(",")}}`}::float8[]`;
}

/** The windows as a `win(idx, ws, we)` relation. */
function windowsRelation(windows: readonly ScanWindow[]): SQL {
  const payload = JSON.stringify(
    windows.map((w) => ({ idx: w.idx, ws: w.start.toISOString(), we: w.end.toISOString() })),
  );
  return sql`json_to_recordset(${payload}::json) as win(idx int, ws timestamptz, we timestamptz)`;
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
      where p.version_id = ${versionId} and p.ts >= win.ws and p.ts < win.we
      offset 0
    ) p`;
}

/** postgres.js returns bigint and numeric as strings, PGlite as numbers: normalise to numbers. */
export function toNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

export function toNumberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Rows of a `tx.execute()` result, whose shape differs by driver (array vs `{ rows }`). */
export function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
