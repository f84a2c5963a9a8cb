/**
 * Fresh, migrated databases to throw away afterwards, for the tests (in-memory PGlite, or a new
 * database on the PostgreSQL server) and the benchmarks (PostgreSQL).
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { type DbHandle, openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";

export interface ThrowawayDatabase {
  handle: DbHandle;
  drop(): Promise<void>;
}

export interface ThrowawayPostgres extends ThrowawayDatabase {
  url: string;
}

/** A migrated in-memory PGlite database; drop() closes it. */
export async function createThrowawayPglite(): Promise<ThrowawayDatabase> {
  const handle = await openDatabase({ dataDir: "memory://" });
  try {
    await runMigrations(handle);
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
  return { handle, drop: () => handle.close() };
}

/**
 * A new, migrated database `<prefix>_<random>` on the server behind `adminUrl`; drop() closes it
 * and drops it (also when migrating fails, so no half-made database is left behind).
 */
export async function createThrowawayPostgres(
  adminUrl: string,
  prefix: string,
  maxConnections = 4,
): Promise<ThrowawayPostgres> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), maxConnections });
  const drop = async () => {
    await handle.close().catch(() => {});
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  try {
    await runMigrations(handle);
  } catch (error) {
    await drop();
    throw error;
  }
  return { handle, url: url.toString(), drop };
}
