import { type DbHandle, openDatabase } from "#db/client";
import { openWhenAvailable } from "#db/wait-for-database";
import { jobs } from "#jobs/registry";
import { type JobRunner, startJobRunner } from "#jobs/runner";
import { env, scheduleOverrides, webhookSettings } from "#app/env.server";
import { ensureBootstrapKey } from "#app/services/api-keys.server";
import { createLoginLink } from "#app/services/sessions.server";
import { ensureAdminUser, firstAdminNeedingLink } from "#app/services/users.server";
import { seedDemoData } from "#app/services/demo-data.server";
import { ensureDemoInboxWebhook } from "#app/services/webhook-inbox.server";
import { seedDemoAlertRules } from "#app/services/demo-alerts.server";
import { DEMO_EXPERIMENT } from "#app/services/demo-experiments.server";
import { describeError } from "#lib/errors";
import { createLogger, type Logger } from "#lib/log";
import type { WebhookSettings } from "#lib/webhooks/settings";

/** What every request handler and job needs: the database, a logger and a clock. */
export interface AppContext {
  db: DbHandle;
  log: Logger;
  now: () => Date;
  /** Queues job runs (and, with NORTHSTAR_JOBS=inline, executes them in this process). */
  jobs: JobRunner;
  /**
   * How long a request waits on the database before it is answered 503 (absent or 0: no limit).
   * The statement timeout ends a slow statement on the server; this also bounds the wait for a
   * pooled connection, which happens in the client.
   */
  dbDeadlineMs?: number;
  /** Webhook secret key, SSRF switch and the demo inbox's URL (null when this process has no inbox). */
  webhooks: WebhookSettings;
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
  const timeoutMs = config.NORTHSTAR_DB_TIMEOUT_MS;
  const { db, applied } = await openWhenAvailable(
    { url: config.DATABASE_URL, dataDir: config.NORTHSTAR_DATA_DIR, statementTimeoutMs: timeoutMs },
    log,
  );
  log.info("database ready", { driver: db.driver, migrationsApplied: applied });
  if (config.NORTHSTAR_BOOTSTRAP_KEY) await ensureBootstrapKey(db, config.NORTHSTAR_BOOTSTRAP_KEY);
  if (config.NORTHSTAR_ADMIN_EMAIL && config.NORTHSTAR_ADMIN_PASSWORD) {
    await ensureAdminUser(db, config.NORTHSTAR_ADMIN_EMAIL, config.NORTHSTAR_ADMIN_PASSWORD);
  }
  await printFirstSignInLink(db, config.PORT);
  const webhooks = webhookSettings(config, db.driver);
  const mode = config.NORTHSTAR_JOBS ?? (db.driver === "pglite" ? "inline" : "off");
  // Jobs' aggregations may run for minutes: on PostgreSQL they get a pool without the requests'
  // statement timeout. (PGlite is one in-process connection, shared.)
  const jobsDb =
    mode === "inline" && config.DATABASE_URL
      ? await openDatabase({ url: config.DATABASE_URL, maxConnections: 3 })
      : db;
  const runner = await startJobRunner({
    db: jobsDb,
    log,
    jobs,
    schedules: scheduleOverrides(config),
    work: mode === "inline",
    webhooks,
  });
  registerShutdown(jobsDb === db ? [db] : [jobsDb, db], runner, log);
  const demo = config.NORTHSTAR_DEMO_DATA;
  if (demo === "on" || (demo === "auto" && db.driver === "pglite")) {
    // A demo that fails to seed must not keep the product from starting.
    try {
      const seeded = await seedDemoData(db, new Date());
      // Before the first jobs run, so alerts they raise already have the inbox to go to.
      await ensureDemoInboxWebhook(db, webhooks, seeded);
      if (seeded) {
        // After the inbox webhook exists: the demo's rules notify it.
        await seedDemoAlertRules(db, new Date());
        log.info("seeded demo data", { experiment: DEMO_EXPERIMENT });
        for (const job of runner.schedules()) await runner.enqueue(job.name, null);
      }
    } catch (error) {
      log.error("could not seed demo data", {
        ...describeError(error),
      });
    }
  }
  // A little beyond the statement timeout, so the server's own cancellation (57014) is what answers.
  return {
    db,
    log,
    now: () => new Date(),
    jobs: runner,
    webhooks,
    dbDeadlineMs: timeoutMs > 0 ? timeoutMs + 1_000 : 0,
  };
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

function registerShutdown(handles: DbHandle[], runner: JobRunner, log: Logger) {
  // The HTTP server does not exit on SIGTERM while a database handle is open.
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info("shutting down", { signal });
    runner
      .stop()
      .catch((error: unknown) => log.error("error stopping jobs", describeError(error)))
      .then(() => Promise.all(handles.map((h) => h.close())))
      .catch((error: unknown) => log.error("error closing database", describeError(error)))
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}
