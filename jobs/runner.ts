import PgBoss from "pg-boss";
import type { DbHandle } from "#db/client";
import type { Logger } from "#lib/log";
import { describeError } from "#lib/errors";
import {
  createRun,
  failAbandonedRuns,
  markCrashed,
  markFinished,
  markRunning,
  type Target,
} from "#db/queries/job-runs";
import { evaluateJobAlerts } from "./alert-evaluation";
import type { WebhookSettings } from "#lib/webhooks/settings";
import type { JobDefinition } from "./types";
import { startWebhookWorker } from "./webhook-worker";

/** pg-boss expires (and retries) a run that takes longer than this; abandoned runs older than it are failed. */
const EXPIRE_MINUTES = 60;

export interface RunnerOptions {
  db: DbHandle;
  log: Logger;
  jobs: JobDefinition[];
  /** Cron per job name (UTC); a job without an entry uses its default schedule. */
  schedules?: Record<string, string>;
  /** Execute jobs in this process (worker); false = only queue them (an app server with a separate worker). */
  work: boolean;
  pollingIntervalSeconds?: number;
  /** Webhook delivery (jobs/webhook-worker.ts); absent = this process neither queues nor sends deliveries. */
  webhooks?: WebhookSettings;
}

export interface JobRunner {
  /** Queues a run now; returns its id in job_runs. */
  enqueue(job: string, target: Target | null): Promise<number>;
  schedules(): Array<{ name: string; description: string; schedule: string }>;
  stop(): Promise<void>;
}

/**
 * Jobs run through pg-boss (docs/decisions/0001-job-scheduler.md): its cron schedules fire once
 * across all processes, and each job's queue has the `singleton` policy, so no two processes run
 * the same job at the same time. Every run is recorded in job_runs.
 */
export async function startJobRunner(options: RunnerOptions): Promise<JobRunner> {
  const { db, log, jobs } = options;
  const boss = new PgBoss(bossConfig(db, options.work));
  boss.on("error", (error: Error) => log.error("pg-boss error", { error: error.message }));
  await boss.start();

  const scheduleOf = (job: JobDefinition) => options.schedules?.[job.name] ?? job.defaultSchedule;
  for (const job of jobs) {
    await boss.createQueue(job.name, {
      name: job.name,
      policy: "singleton",
      retryLimit: 2,
      retryDelay: 30,
      retryBackoff: true,
      expireInMinutes: EXPIRE_MINUTES,
    });
  }

  if (options.work) {
    const cutoff = db.driver === "pglite" ? new Date() : new Date(Date.now() - EXPIRE_MINUTES * 60_000);
    await failAbandonedRuns(db, cutoff);
    for (const job of jobs) {
      await boss.schedule(job.name, scheduleOf(job), {}, { tz: "UTC" });
      await boss.work<{ runId?: number; target?: Target }>(
        job.name,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
        async ([pgJob]) => {
          if (pgJob) await execute(db, log, job, pgJob.data);
        },
      );
    }
    log.info("job worker started", { jobs: jobs.map((j) => `${j.name} (${scheduleOf(j)})`) });
  }
  const webhookWorker = options.webhooks
    ? await startWebhookWorker({
        boss,
        db,
        log,
        settings: options.webhooks,
        work: options.work,
        pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      })
    : null;

  return {
    async enqueue(name, target) {
      if (!jobs.some((j) => j.name === name)) throw new Error(`unknown job ${name}`);
      const runId = await createRun(db, name, "manual", target, new Date());
      await boss.send(name, { runId, target: target ?? undefined });
      return runId;
    },
    schedules: () => jobs.map((j) => ({ name: j.name, description: j.description, schedule: scheduleOf(j) })),
    async stop() {
      await webhookWorker?.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

async function execute(
  db: DbHandle,
  log: Logger,
  job: JobDefinition,
  data: { runId?: number; target?: Target },
) {
  const startedAt = new Date();
  const runId = data.runId ?? (await createRun(db, job.name, "schedule", null, startedAt));
  await markRunning(db, runId, startedAt);
  log.info("job started", { job: job.name, runId, target: data.target });
  try {
    const result = await job.run({ db, now: startedAt, log, target: data.target });
    await db.transaction(async (tx) => {
      await markFinished(tx, runId, startedAt, result);
      await evaluateJobAlerts(tx, job.name, new Date());
    });
    log.info("job finished", { job: job.name, runId, ...result, problems: result.problems.length });
  } catch (error) {
    await db.transaction(async (tx) => {
      await markCrashed(tx, runId, startedAt, error);
      await evaluateJobAlerts(tx, job.name, new Date());
    });
    log.error("job failed", {
      job: job.name,
      runId,
      ...describeError(error),
    });
    // pg-boss retries the whole run with backoff.
    throw error;
  }
}

function bossConfig(db: DbHandle, work: boolean): PgBoss.ConstructorOptions {
  const common = { schedule: work, supervise: work, migrate: true };
  if (db.client.kind === "postgres") {
    // pg-boss runs its own transactions, which postgres.js allows only on reserved connections;
    // its own small pg pool is the well-trodden path.
    return { ...common, connectionString: db.client.url, max: 3, application_name: "northstar-jobs" };
  }
  const pglite = db.client.pglite;
  return {
    ...common,
    db: {
      // PGlite: parameterised statements through query(); multi-statement scripts (migrations) through exec().
      executeSql: async (text: string, values: unknown[]) => {
        if (values && values.length > 0) return pglite.query(text, values);
        const results = await pglite.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      },
    },
  };
}
