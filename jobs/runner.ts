import PgBoss from "pg-boss";
import type { DbHandle } from "#db/client";
import type { Logger } from "#lib/log";
import { describeError, errorMessage } from "#lib/errors";
import {
  type Attempt,
  createRun,
  failStaleRuns,
  heartbeat,
  markCrashed,
  markFinished,
  markRunning,
  runOfBossJob,
  type Target,
} from "#db/queries/job-runs";
import { evaluateJobAlerts } from "./alert-evaluation";
import type { WebhookSettings } from "#lib/webhooks/settings";
import type { JobDefinition } from "./types";
import { startWebhookWorker } from "./webhook-worker";

/**
 * How pg-boss treats a run (set with createQueue/updateQueue, whose option names pg-boss 10
 * actually reads: `expireInSeconds`, not the `expireInMinutes` of `send`). A dead worker is
 * found by its heartbeats within a minute, so expiry is only the backstop for a worker that
 * is alive but stuck: long (pg-boss allows < 24 h), so that a long run is never expired and
 * started a second time while it still runs.
 */
export const QUEUE_OPTIONS = {
  policy: "singleton",
  retryLimit: 2,
  // First retry after 15–30 s, the second after 30–60 s (pg-boss's jittered backoff).
  retryDelay: 15,
  retryBackoff: true,
  expireInSeconds: 23 * 3600,
} as const;

/** Liveness of running attempts: written every `heartbeatSeconds`, dead after `staleAfterSeconds`. */
export const LIVENESS = { heartbeatSeconds: 5, staleAfterSeconds: 30, sweepSeconds: 10 } as const;

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
    await boss.createQueue(job.name, { name: job.name, ...QUEUE_OPTIONS });
    // createQueue leaves an existing queue as it was: bring queues made by older versions up to date.
    await boss.updateQueue(job.name, { name: job.name, ...QUEUE_OPTIONS });
  }

  let sweeper: NodeJS.Timeout | undefined;
  if (options.work) {
    // PGlite is one process: whatever is "running" at its start was interrupted by the last exit.
    const cutoff = db.driver === "pglite" ? new Date() : staleCutoff();
    await reclaimStaleRuns(db, boss, log, cutoff);
    if (db.driver === "postgres") {
      sweeper = setInterval(() => {
        reclaimStaleRuns(db, boss, log, staleCutoff()).catch((error: unknown) =>
          log.warn("could not check running jobs' heartbeats", describeError(error)),
        );
      }, LIVENESS.sweepSeconds * 1000);
      sweeper.unref();
    }
    for (const job of jobs) {
      await boss.schedule(job.name, scheduleOf(job), {}, { tz: "UTC" });
      await boss.work<{ runId?: number; target?: Target }>(
        job.name,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, includeMetadata: true },
        async ([pgJob]) => {
          if (pgJob) await execute(db, log, job, pgJob);
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
      clearInterval(sweeper);
      await webhookWorker?.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

const staleCutoff = () => new Date(Date.now() - LIVENESS.staleAfterSeconds * 1000);

/**
 * Fails the runs whose worker died (no heartbeat since `cutoff`) and fails their pg-boss jobs too,
 * which pg-boss then retries after its backoff instead of keeping them active until expiry.
 */
async function reclaimStaleRuns(db: DbHandle, boss: PgBoss, log: Logger, cutoff: Date) {
  for (const run of await failStaleRuns(db, cutoff)) {
    log.warn("job run interrupted: its worker stopped", { job: run.job, runId: run.id });
    if (run.bossJobId) {
      await boss.fail(run.job, run.bossJobId, { message: "the worker running this job stopped" });
    }
  }
}

type BossJob = PgBoss.JobWithMetadata<{ runId?: number; target?: Target }>;

async function execute(db: DbHandle, log: Logger, job: JobDefinition, pgJob: BossJob) {
  const { data } = pgJob;
  const startedAt = new Date();
  // A retry of a scheduled run finds the run its first attempt recorded.
  const runId =
    data.runId ??
    (await runOfBossJob(db, pgJob.id)) ??
    (await createRun(db, job.name, "schedule", null, startedAt));
  const attempt: Attempt = { runId, attempt: pgJob.retryCount + 1, bossJobId: pgJob.id };
  await markRunning(db, attempt, startedAt);
  log.info("job started", { job: job.name, runId, attempt: attempt.attempt, target: data.target });
  const beat = setInterval(() => {
    heartbeat(db, attempt, new Date())
      .then((current) => {
        if (!current) log.warn("job run was handed to another worker", { job: job.name, runId });
      })
      .catch((error: unknown) => log.warn("could not record a heartbeat", describeError(error)));
  }, LIVENESS.heartbeatSeconds * 1000);
  try {
    const result = await job.run({ db, now: startedAt, log, target: data.target });
    await db.transaction(async (tx) => {
      await markFinished(tx, attempt, startedAt, result);
      await evaluateJobAlerts(tx, job.name, new Date());
    });
    log.info("job finished", { job: job.name, runId, ...result, problems: result.problems.length });
  } catch (error) {
    await db.transaction(async (tx) => {
      await markCrashed(tx, attempt, startedAt, errorMessage(error));
      await evaluateJobAlerts(tx, job.name, new Date());
    });
    log.error("job failed", { job: job.name, runId, attempt: attempt.attempt, ...describeError(error) });
    // pg-boss retries the whole run with backoff.
    throw error;
  } finally {
    clearInterval(beat);
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
