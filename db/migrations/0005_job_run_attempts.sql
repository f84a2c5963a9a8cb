ALTER TABLE "job_runs" ADD COLUMN "attempt" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "earlier_errors" jsonb;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "boss_job_id" text;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "job_runs_boss_job_idx" ON "job_runs" USING btree ("boss_job_id");