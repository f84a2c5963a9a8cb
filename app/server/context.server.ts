import { type DbHandle, openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";
import { jobs } from "#jobs/registry";
import { type JobRunner, startJobRunner } from "#jobs/runner";
import { env, scheduleOverrides } from "#app/env.server";
import { ensureBootstrapKey } from "#app/services/api-keys.server";
import { createLoginLink } from "#app/services/sessions.server";
import { ensureAdminUser, firstAdminNeedingLink } from "#app/services/users.server";
import { seedDemoData } from "#app/services/demo-data.server";
import { DEMO_EXPERIMENT } from "#app/services/demo-experiments.server";
import { describeError } from "#lib/errors";
import { createLogger, type Logger } from "#lib/log";

/** What every request handler and job needs: the database, a logger and a clock. */
export interface AppContext {
  db: DbHandle;
  log: Logger;
  now: () => Date;
  /** Queues job runs (and, with NORTHSTAR_JOBS=inline, executes them in this process). */
  jobs: JobRunner;
}

// On globalThis so Vite's dev reloads reuse the one PGlite handle instead of opening it twice.
const holder = globalThis as unknown as { __northstarContext?: Promise<AppContext> };

/** The process-wide context, created (database opened, migrated, bootstrap key ensured) on first use. */
export function getContext(): Promise<AppContext> {
  holder.__northstarContext ??= createContext().catch((error: unknown) => {
    console.error("Northstar failed to start:", error);
    process.exit(1);
  });
  return holder.__northstarContext;
}

/** Replaces the process-wide context (integration tests run routes against their own database). */
export function setContext(context: AppContext): void {
  holder.__northstarContext = Promise.resolve(context);
}

async function createContext(): Promise<AppContext> {
  const config = env();
  const log = createLogger(config.NORTHSTAR_LOG_LEVEL);
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.NORTHSTAR_DATA_DIR });
  const { applied } = await runMigrations(db);
  log.info("database ready", { driver: db.driver, migrationsApplied: applied });
  if (config.NORTHSTAR_BOOTSTRAP_KEY) await ensureBootstrapKey(db, config.NORTHSTAR_BOOTSTRAP_KEY);
  if (config.NORTHSTAR_ADMIN_EMAIL && config.NORTHSTAR_ADMIN_PASSWORD) {
    await ensureAdminUser(db, config.NORTHSTAR_ADMIN_EMAIL, config.NORTHSTAR_ADMIN_PASSWORD);
  }
  await printFirstSignInLink(db, config.PORT);
  const mode = config.NORTHSTAR_JOBS ?? (db.driver === "pglite" ? "inline" : "off");
  const runner = await startJobRunner({
    db,
    log,
    jobs,
    schedules: scheduleOverrides(config),
    work: mode === "inline",
  });
  registerShutdown(db, runner, log);
  const demo = config.NORTHSTAR_DEMO_DATA;
  if (demo === "on" || (demo === "auto" && db.driver === "pglite")) {
    // A demo that fails to seed must not keep the product from starting.
    try {
      if (await seedDemoData(db, new Date())) {
        log.info("seeded demo data", { experiment: DEMO_EXPERIMENT });
        for (const job of runner.schedules()) await runner.enqueue(job.name, null);
      }
    } catch (error) {
      log.error("could not seed demo data", {
        ...describeError(error),
      });
    }
  }
  return { db, log, now: () => new Date(), jobs: runner };
}

/**
 * Nobody can sign in yet (a first start, or the first admin never set a password): print a
 * one-time link that signs the admin in, as Jupyter prints its token. Printed on every such start,
 * each link good once and for a day.
 */
async function printFirstSignInLink(db: DbHandle, port: number) {
  const admin = await firstAdminNeedingLink(db);
  if (!admin) return;
  const token = await createLoginLink(db, admin.id, new Date());
  console.log(
    [
      "",
      `  No one can sign in to Northstar yet. Open this one-time link to sign in as ${admin.email}`,
      "  (then set a password, and add your team, under Users):",
      "",
      `    http://localhost:${port}/login/link?token=${token}`,
      "",
    ].join("\n"),
  );
}

function registerShutdown(db: DbHandle, runner: JobRunner, log: Logger) {
  // The HTTP server does not exit on SIGTERM while a database handle is open.
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info("shutting down", { signal });
    runner
      .stop()
      .catch((error: unknown) => log.error("error stopping jobs", describeError(error)))
      .then(() => db.close())
      .catch((error: unknown) => log.error("error closing database", describeError(error)))
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}
