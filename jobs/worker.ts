/**
 * `npm run jobs`: the worker process (the production shape). It runs the scheduled jobs and the
 * runs queued through the API; several workers may run at once — pg-boss hands each run to one.
 */
import { openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";
import { EnvError, env, scheduleOverrides, webhookSettings } from "#app/env.server";
import { createLogger } from "#lib/log";
import { jobs } from "./registry";
import { startJobRunner } from "./runner";

try {
  const config = env();
  const log = createLogger(config.NORTHSTAR_LOG_LEVEL, { process: "worker" });
  const db = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.NORTHSTAR_DATA_DIR,
    maxConnections: 4,
  });
  await runMigrations(db);
  const runner = await startJobRunner({
    db,
    log,
    jobs,
    schedules: scheduleOverrides(config),
    work: true,
    // The worker never serves the demo inbox (that is the embedded app server's, in one process).
    webhooks: { ...webhookSettings(config, db.driver), inboxUrl: null },
  });
  const shutdown = async (signal: string) => {
    log.info("worker stopping", { signal });
    await runner.stop();
    await db.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
