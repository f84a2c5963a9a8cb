ALTER TABLE "experiment_rollups" ADD COLUMN "totals_key" text;--> statement-breakpoint
ALTER TABLE "experiment_rollups" ADD COLUMN "totals" jsonb;--> statement-breakpoint
ALTER TABLE "experiment_rollups" ADD COLUMN "event_hours" jsonb;