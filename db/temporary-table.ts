import { type SQL, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";

/**
 * Runs `fn` in a transaction (a savepoint inside one) where the temporary table `name` holds the
 * rows of `query`, for heavy aggregations that read one intermediate result several times.
 *
 * - Without JIT for the rest of the transaction: compiling the wide aggregate lists took 2–9 s
 *   per statement and bought nothing measurable on these hash aggregates.
 * - `workMemMb`, when given, for the rest of the transaction: at the default 4 MB the per-unit
 *   sorts and hashes spilled hundreds of MB to disk at 1M units.
 * - `analyze`: a table made by CREATE TABLE AS has no statistics, and the plans that read it
 *   guessed a few hundred rows for 70,000 (nested loops and a spilled sort, measured).
 *
 * The table is dropped before `fn`'s transaction ends: inside an outer transaction the commit is
 * later, and another call before it needs the name.
 */
export async function withTemporaryTable<T>(
  handle: DbHandle,
  name: SQL,
  query: SQL,
  options: TemporaryTableOptions,
  fn: (tx: DbHandle) => Promise<T>,
): Promise<T> {
  return withTemporaryTables(handle, [{ name, query }], options, fn);
}

interface TemporaryTableOptions {
  workMemMb?: number;
  analyze?: boolean;
}

/**
 * withTemporaryTable for several tables, filled in order (a later query may read an earlier
 * table). A CTE in their place has no statistics: a CTE of 33,000 events estimated at one row
 * made the planner loop over it once per row (44 s instead of 0.2 s, measured).
 */
export async function withTemporaryTables<T>(
  handle: DbHandle,
  tables: Array<{ name: SQL; query: SQL }>,
  options: TemporaryTableOptions,
  fn: (tx: DbHandle) => Promise<T>,
): Promise<T> {
  return handle.transaction(async (tx) => {
    if (options.workMemMb !== undefined) {
      await tx.rows(sql.raw(`set local work_mem = '${Math.trunc(options.workMemMb)}MB'`));
    }
    await tx.rows(sql`set local jit = off`);
    for (const { name, query } of tables) {
      await tx.rows(sql`create temporary table ${name} on commit drop as ${query}`);
      if (options.analyze) await tx.rows(sql`analyze ${name}`);
    }
    const result = await fn(tx);
    for (const { name } of tables) await tx.rows(sql`drop table ${name}`);
    return result;
  });
}
