import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "#db/schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Driver = "postgres" | "pglite";

/**
 * One database handle, whichever driver is behind it. Code above this module uses `db` (drizzle)
 * for typed queries and `rows()` for raw SQL aggregations, whose result shape differs by driver.
 */
export interface DbHandle {
  db: Database;
  driver: Driver;
  /** Runs a raw SQL query and returns its rows, the same shape on both drivers. */
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** The underlying client, for the few fast paths (COPY, pg-boss) that need it. */
  client: { kind: "postgres"; sql: postgres.Sql; url: string } | { kind: "pglite"; pglite: PGlite };
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL → postgres.js; absent → embedded PGlite in `dataDir`. */
  url?: string;
  /** PGlite data directory; "memory://" keeps it in memory (tests). */
  dataDir?: string;
  /** Pool size for postgres.js. */
  maxConnections?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DbHandle> {
  if (options.url) return openPostgres(options.url, options.maxConnections ?? 10);
  return openPglite(options.dataDir ?? "./.northstar");
}

function openPostgres(url: string, max: number): DbHandle {
  const sql = postgres(url, { max, onnotice: () => {} });
  const db = drizzlePostgres({ client: sql, schema }) as unknown as Database;
  return {
    db,
    driver: "postgres",
    client: { kind: "postgres", sql, url },
    async rows<T extends Record<string, unknown>>(query: SQL) {
      const result = await db.execute(query);
      return [...(result as unknown as T[])];
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string): Promise<DbHandle> {
  let pglite: PGlite;
  if (dataDir.startsWith("memory://")) {
    pglite = new PGlite(dataDir);
  } else {
    const resolved = path.resolve(dataDir, "pgdata");
    // PGlite creates the data directory itself but not its parents.
    mkdirSync(path.dirname(resolved), { recursive: true });
    pglite = new PGlite(resolved);
  }
  await pglite.waitReady;
  const db = drizzlePglite({ client: pglite, schema }) as unknown as Database;
  return {
    db,
    driver: "pglite",
    client: { kind: "pglite", pglite },
    async rows<T extends Record<string, unknown>>(query: SQL) {
      const result = (await db.execute(query)) as unknown as { rows: T[] };
      return result.rows;
    },
    close: () => pglite.close(),
  };
}
