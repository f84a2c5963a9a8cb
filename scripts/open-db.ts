import { type DbHandle, openDatabase } from "#db/client";
import { DataDirectoryInUseError } from "#db/data-dir-lock";
import { runMigrations } from "#db/migrate";
import { EnvError, env } from "#app/env.server";

/** Opens and migrates the database the environment points at (for command-line scripts). */
export async function openConfiguredDatabase(): Promise<DbHandle> {
  try {
    const config = env();
    const handle = await openDatabase({
      url: config.DATABASE_URL,
      dataDir: config.NORTHSTAR_DATA_DIR,
      maxConnections: 2,
    });
    await runMigrations(handle);
    return handle;
  } catch (error) {
    if (error instanceof EnvError || error instanceof DataDirectoryInUseError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
