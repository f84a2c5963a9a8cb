import { type SQL, sql } from "drizzle-orm";
import { MAX_ABS_VALUE } from "#lib/contracts/common";

/**
 * A timestamptz parameter. Drizzle on a shared postgres.js client sends no type for a Date, so
 * every timestamp goes as an ISO string cast here (it behaves the same on postgres.js and PGlite).
 */
export function timestamptz(t: Date | string): SQL {
  return sql`${typeof t === "string" ? t : t.toISOString()}::timestamptz`;
}

/** A float8[] parameter; a JS number's text round-trips exactly through float8 input. */
export function float8Array(values: readonly number[]): SQL {
  return sql`${`{${values.join(",")}}`}::float8[]`;
}

/** postgres.js returns bigint and numeric as strings, PGlite as numbers: normalise to numbers. */
export function toNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

export function toNumberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * `column` (a float8) within the range the API accepts (±MAX_ABS_VALUE). The results queries read
 * only such events: a value stored before the bound (or written around the API) cannot overflow
 * a sum of squares, and is counted as out of range instead (outOfRangeEvents).
 */
export function withinValueRange(column: SQL): SQL {
  return sql`abs(${column}) <= ${sql.raw(String(MAX_ABS_VALUE))}::float8`;
}

/** The complement of withinValueRange, written as the partial index events_value_out_of_range_idx is. */
export function outsideValueRange(column: SQL): SQL {
  return sql`abs(${column}) > ${sql.raw(String(MAX_ABS_VALUE))}::float8`;
}
