/**
 * `npm run jobs`: the worker process (the production shape). It runs the scheduled jobs and the
 * runs queued through the API; several workers may run at once — pg-boss hands each run to one.
 *
 * `npm run jobs` starts this file as `exec node --import tsx` (no tsx wrapper process, whose
 * death would leave the worker running), and the worker also exits when its parent goes away:
 * whatever supervises `npm run jobs` stops the real worker by stopping what it started.
 */
import { openWhenAvailable } from "#db/wait-for-database";
import { EnvError, env, scheduleOverrides, webhookSettings } from "#app/env.server";
import { createLogger } from "#lib/log";
import { jobs } from "./registry";
import { startJobRunner } from "./runner";

const PARENT_CHECK_MS = 1_000;
// Taken first thing: the parent may die while the database is still being waited for.
const parent = process.ppid;

try {
  const config = env();
  const log = createLogger(config.NORTHSTAR_LOG_LEVEL, { process: "worker", pid: process.pid });
  // Waited for while unavailable; no statement timeout: the jobs' aggregations may run for minutes.
  const { db } = await openWhenAvailable(
    { url: config.DATABASE_URL, dataDir: config.NORTHSTAR_DATA_DIR, maxConnections: 4 },
    log,
  );
  const runner = await startJobRunner({
    db,
    log,
    jobs,
    schedules: scheduleOverrides(config),
    work: true,
    // The worker never serves the demo inbox (that is the embedded app server's, in one process).
    webhooks: { ...webhookSettings(config, db.driver), inboxUrl: null },
  });
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info("worker stopping", { reason });
    await runner.stop();
    await db.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGHUP", () => void shutdown("SIGHUP"));
  // Killed with SIGKILL, a parent cannot pass anything on: the worker is re-parented, and notices.
  setInterval(() => {
    if (process.ppid !== parent) void shutdown("parent process exited");
  }, PARENT_CHECK_MS).unref();
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
