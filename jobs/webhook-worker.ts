import type PgBoss from "pg-boss";
import type { DbHandle } from "#db/client";
import { nextDueAt, WEBHOOK_WAKE_CHANNEL } from "#db/queries/webhook-messages";
import { describeError } from "#lib/errors";
import type { Logger } from "#lib/log";
import type { WebhookSettings } from "#lib/webhooks/settings";
import { deliverDueMessages } from "./webhook-delivery";

/** The pg-boss queue of delivery runs. */
export const WEBHOOK_DELIVERY_QUEUE = "webhook-delivery";
/** The sweep that catches retries and expired leases even when nothing wakes the worker. */
const SWEEP_SCHEDULE = "* * * * *";
/** A delivery run stops claiming after this; pg-boss expires (and a later run retries) a run stuck past EXPIRE. */
const RUN_BUDGET_MS = 120_000;
const EXPIRE_SECONDS = 300;
/** Retries due sooner than the next sweep get a timer of their own (the 5 s first retry). */
const TIMER_HORIZON_MS = 60_000;

export interface WebhookWorker {
  stop(): Promise<void>;
}

/**
 * Delivery runs are pg-boss jobs on the `stately` queue `webhook-delivery` (at most one queued and
 * one running across all processes, so wake-ups coalesce). A run is queued:
 * - at once when an enqueue commits: enqueueWebhookMessages NOTIFYs, and every worker LISTENs;
 * - by a timer for a retry due within the minute;
 * - every minute by the cron sweep (later retries, expired leases, a missed notification).
 * Delivery runs are not recorded in job_runs: every attempt is in webhook_attempts instead.
 */
export async function startWebhookWorker(options: {
  boss: PgBoss;
  db: DbHandle;
  log: Logger;
  settings: WebhookSettings;
  work: boolean;
  pollingIntervalSeconds: number;
}): Promise<WebhookWorker> {
  const { boss, db, log } = options;
  await boss.createQueue(WEBHOOK_DELIVERY_QUEUE, {
    name: WEBHOOK_DELIVERY_QUEUE,
    policy: "stately",
    retryLimit: 0,
    expireInSeconds: EXPIRE_SECONDS,
  });
  if (!options.work) return { stop: async () => {} };

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const wake = () => {
    if (stopped) return;
    boss
      .send(WEBHOOK_DELIVERY_QUEUE, {})
      .catch((error: unknown) => log.error("could not queue webhook delivery", describeError(error)));
  };
  const armTimer = async () => {
    const due = await nextDueAt(db);
    clearTimeout(timer);
    if (!due || stopped) return;
    const wait = Math.max(0, due.getTime() - Date.now());
    if (wait <= TIMER_HORIZON_MS) timer = setTimeout(wake, wait + 50).unref();
  };

  await boss.schedule(WEBHOOK_DELIVERY_QUEUE, SWEEP_SCHEDULE, {}, { tz: "UTC" });
  await boss.work(
    WEBHOOK_DELIVERY_QUEUE,
    { pollingIntervalSeconds: options.pollingIntervalSeconds },
    async () => {
      try {
        const { attempts, delivered } = await deliverDueMessages({
          db,
          log,
          settings: options.settings,
          budgetMs: RUN_BUDGET_MS,
        });
        if (attempts > 0) log.info("webhook delivery run", { attempts, delivered });
      } finally {
        await armTimer();
      }
    },
  );
  const unlisten = await listen(db, wake);
  // Messages queued while no worker was listening.
  wake();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await unlisten();
    },
  };
}

/** LISTEN on the wake channel with whichever driver holds the database. */
async function listen(db: DbHandle, onWake: () => void): Promise<() => Promise<void>> {
  if (db.client.kind === "pglite") return db.client.pglite.listen(WEBHOOK_WAKE_CHANNEL, onWake);
  const { unlisten } = await db.client.sql.listen(WEBHOOK_WAKE_CHANNEL, onWake);
  return unlisten;
}
