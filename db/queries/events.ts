import { sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";

export interface EventInput {
  unit: string;
  id: string;
  name: string;
  value: number;
  timestamp: Date;
  properties: Record<string, unknown> | null;
}

/**
 * One INSERT … SELECT FROM unnest(…) for the whole batch: one typed array per column, each sent as
 * a single array-literal parameter. This works the same on postgres.js and PGlite, is several
 * times faster than drizzle's per-row SQL building, and the statement is atomic: a batch is
 * written whole or not at all. Re-sent events hit the (unit, event_id) key and are skipped;
 * returns how many rows were new.
 *
 * Why arrays rather than one JSON document (json_to_recordset, used before): PostgreSQL reads a
 * column array with one cheap parser, while json_to_recordset builds a hash table per object.
 * Measured on 200,000 events in batches of 1,000, the unnest read costs about half the backend CPU
 * of the JSON one. The literals are built here rather than by the driver: postgres.js escapes a
 * JS array element by element with two regex passes, more node CPU than the JSON.stringify it
 * replaces saves.
 *
 * Rows are inserted in key order (C collation: a total order, the cheapest to sort): a key being
 * inserted by a concurrent batch makes this one wait for it, and batches that wait for each other
 * in the same order can never deadlock. `events` must hold each key once (the caller keeps the first).
 */
export async function insertEvents(handle: DbHandle, events: readonly EventInput[]): Promise<number> {
  const units: string[] = [];
  const ids: string[] = [];
  const names: string[] = [];
  const values: string[] = [];
  const times: string[] = [];
  const properties: string[] = [];
  for (const e of events) {
    units.push(quoted(e.unit));
    ids.push(quoted(e.id));
    names.push(quoted(e.name));
    // Finite (the API refuses anything else); String() writes the shortest form float8 reads back exactly.
    values.push(String(e.value));
    times.push(e.timestamp.toISOString());
    properties.push(e.properties === null ? "NULL" : quoted(JSON.stringify(e.properties)));
  }
  const [row] = await handle.rows<{ n: number }>(sql`
    with ins as (
      insert into events (unit, event_id, name, value, ts, properties)
      select u, id, n, v, t, p
      from unnest(${arrayLiteral(units)}::text[], ${arrayLiteral(ids)}::text[],
        ${arrayLiteral(names)}::text[], ${arrayLiteral(values)}::float8[],
        ${arrayLiteral(times)}::timestamptz[], ${arrayLiteral(properties)}::jsonb[]) as x(u, id, n, v, t, p)
      order by u collate "C", id collate "C"
      on conflict (unit, event_id) do nothing
      returning 1
    )
    select count(*)::int as n from ins`);
  return Number(row?.n ?? 0);
}

/** An array-literal element, always double-quoted so that no text can read as NULL or split at a comma. */
function quoted(text: string): string {
  return `"${text.replace(/["\\]/g, "\\$&")}"`;
}

const arrayLiteral = (elements: readonly string[]) => `{${elements.join(",")}}`;
