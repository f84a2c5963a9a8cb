import { z } from "zod";
import { keySchema } from "./common";
import { JOB_RUN_STATUSES, JOB_RUN_TRIGGERS } from "#lib/vocabulary";

export const jobRunRequestSchema = z
  .strictObject({
    experiment: keySchema.optional().meta({ description: "Refresh only this experiment" }),
    model: keySchema.optional().meta({ description: "Refresh only this model" }),
  })
  .refine((v) => !(v.experiment && v.model), { message: "give experiment or model, not both" })
  .meta({ id: "JobRunRequest" });

export const jobRunSchema = z
  .object({
    id: z.number().int(),
    job: z.string(),
    status: z.enum(JOB_RUN_STATUSES),
    trigger: z.enum(JOB_RUN_TRIGGERS),
    target: z.object({ experiment: z.string().optional(), model: z.string().optional() }).nullable(),
    queuedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    durationMs: z.number().nullable(),
    rowsScanned: z.number().nullable(),
    itemsOk: z.number().nullable(),
    itemsFailed: z.number().nullable(),
    error: z.string().nullable(),
    problems: z.array(z.object({ item: z.string(), error: z.string() })).nullable(),
    attempt: z
      .number()
      .int()
      .meta({ description: "1, or the retry now running or last run (pg-boss retries a failed run twice)" }),
    earlierErrors: z
      .array(z.object({ attempt: z.number().int(), error: z.string() }))
      .meta({ description: "Why the attempts before this one failed; a retry never erases them" }),
  })
  .meta({ id: "JobRun" });

export const jobsListSchema = z
  .object({
    jobs: z.array(
      z.object({
        name: z.string(),
        description: z.string(),
        schedule: z.string().meta({ description: "cron, UTC" }),
        lastSuccessAt: z.string().nullable(),
        runs: z.array(jobRunSchema).meta({ description: "The 10 most recent runs, newest first" }),
      }),
    ),
  })
  .meta({ id: "JobsList" });
