/** `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database. */
import { openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";
import { EnvError, env } from "#app/env.server";

try {
  const config = env();
  const handle = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.NORTHSTAR_DATA_DIR,
    maxConnections: 1,
  });
  const { applied } = await runMigrations(handle);
  console.log(`${handle.driver}: ${applied} migration(s) applied`);
  await handle.close();
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
