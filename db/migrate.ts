import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { DbHandle } from "./client";

// An arbitrary constant: the advisory-lock key that serialises migrations across processes.
const MIGRATION_LOCK_KEY = 4_716_301;

/** Finds db/migrations both from source (tsx, vitest) and from the bundled server build. */
export function migrationsFolder(): string {
  const candidates = [
    fileURLToPath(new URL("./migrations", import.meta.url)),
    path.resolve(process.cwd(), "db/migrations"),
  ];
  const found = candidates.find((dir) => existsSync(path.join(dir, "meta/_journal.json")));
  if (!found) throw new Error(`Migrations not found in ${candidates.join(" or ")}`);
  return found;
}

/**
 * Applies drizzle-kit's migrations, in drizzle's own bookkeeping table, inside one transaction
 * holding an advisory lock, so an app server and a worker starting together never race.
 * (drizzle's built-in migrator takes no lock.)
 */
export async function runMigrations(handle: DbHandle): Promise<{ applied: number }> {
  const migrations = readMigrationFiles({ migrationsFolder: migrationsFolder() });
  let applied = 0;
  await handle.transaction(async (tx) => {
    await tx.rows(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.rows(sql`create schema if not exists drizzle`);
    await tx.rows(
      sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`,
    );
    const done = await tx.rows<{ created_at: string | number }>(
      sql`select created_at from drizzle.__drizzle_migrations`,
    );
    const last = Math.max(0, ...done.map((r) => Number(r.created_at)));
    for (const migration of migrations) {
      if (migration.folderMillis <= last) continue;
      for (const statement of migration.sql) {
        if (statement.trim()) await tx.rows(sql.raw(statement));
      }
      await tx.rows(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`,
      );
      applied++;
    }
  });
  return { applied };
}
