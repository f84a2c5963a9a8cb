import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "#db/schema";
import { lockDataDirectory } from "./data-dir-lock";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Driver = "postgres" | "pglite";
type Client = { kind: "postgres"; sql: postgres.Sql; url: string } | { kind: "pglite"; pglite: PGlite };

/**
 * One database handle, whichever driver is behind it. Code in db/queries uses `db` (drizzle) for
 * typed queries and `rows()` for raw SQL, whose rows it returns in one shape on both drivers.
 */
export interface DbHandle {
  db: Database;
  driver: Driver;
  /** Runs a raw SQL query and returns its rows, the same shape on both drivers. */
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  /**
   * Runs `fn` in a transaction: it commits when `fn` resolves and rolls back when it throws.
   * `tx` is a handle like this one, so every verb in db/queries runs inside it unchanged. On a
   * handle that is already a transaction, a nested call is a savepoint: its throw undoes only its
   * own writes (and still propagates), the outer transaction goes on.
   */
  transaction<T>(fn: (tx: DbHandle) => Promise<T>): Promise<T>;
  /**
   * The underlying client, for the few fast paths (COPY, pg-boss) that need it. It is the
   * connection pool even on a transaction handle: what runs through it is outside the transaction.
   */
  client: Client;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL → postgres.js; absent → embedded PGlite in `dataDir`. */
  url?: string;
  /** PGlite data directory; "memory://" keeps it in memory (tests). */
  dataDir?: string;
  /** Pool size for postgres.js. */
  maxConnections?: number;
  /**
   * PostgreSQL only: a statement running (or waiting for a lock) longer than this is cancelled
   * (SQLSTATE 57014, which the edges answer with 503). 0 = no limit (the job worker's long
   * aggregations). PGlite runs in-process and has no timer to cancel a statement with.
   */
  statementTimeoutMs?: number;
}

/** How long opening a connection to PostgreSQL may take before the attempt fails (postgres.js `connect_timeout`). */
export const CONNECT_TIMEOUT_SECONDS = 5;
/** A transaction left idle this long (a stalled client holding locks) is ended by the server. */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

export async function openDatabase(options: OpenOptions): Promise<DbHandle> {
  if (options.url)
    return openPostgres(options.url, options.maxConnections ?? 10, options.statementTimeoutMs ?? 0);
  return openPglite(options.dataDir ?? "./.northstar");
}

function openPostgres(url: string, max: number, statementTimeoutMs: number): DbHandle {
  const sql = postgres(url, {
    max,
    onnotice: () => {},
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    // Idle connections are closed, so a restarted server is met with fresh connections.
    idle_timeout: 60,
    // Startup parameters: they hold for every statement on the connection, pooled or reserved.
    connection: {
      statement_timeout: statementTimeoutMs,
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
  });
  const db = drizzlePostgres({ client: sql, schema }) as unknown as Database;
  return handleOn(db, "postgres", { kind: "postgres", sql, url }, () => sql.end({ timeout: 5 }));
}

async function openPglite(dataDir: string): Promise<DbHandle> {
  let pglite: PGlite;
  let release = () => {};
  if (dataDir.startsWith("memory://")) {
    pglite = new PGlite(dataDir);
  } else {
    const resolved = path.resolve(dataDir, "pgdata");
    // PGlite creates the data directory itself but not its parents.
    mkdirSync(path.dirname(resolved), { recursive: true });
    release = lockDataDirectory(path.dirname(resolved));
    try {
      pglite = new PGlite(resolved);
      await pglite.waitReady;
    } catch (error) {
      release();
      throw error;
    }
  }
  await pglite.waitReady;
  const db = drizzlePglite({ client: pglite, schema }) as unknown as Database;
  return handleOn(db, "pglite", { kind: "pglite", pglite }, async () => {
    await pglite.close();
    release();
  });
}

/** A handle over a drizzle database or transaction; `execute()` results differ by driver only here. */
function handleOn(db: Database, driver: Driver, client: Client, close: () => Promise<void>): DbHandle {
  return {
    db,
    driver,
    client,
    async rows<T extends Record<string, unknown>>(query: SQL) {
      const result: unknown = await db.execute(query);
      // postgres.js returns an array of rows; PGlite returns `{ rows }`.
      return driver === "postgres" ? [...(result as T[])] : (result as { rows: T[] }).rows;
    },
    transaction: (fn) =>
      db.transaction((tx) =>
        fn(
          handleOn(tx as unknown as Database, driver, client, async () => {
            throw new Error("close the outer database handle, not a transaction");
          }),
        ),
      ),
    close,
  };
}
