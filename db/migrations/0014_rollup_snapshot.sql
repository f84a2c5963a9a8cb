ALTER TABLE "experiment_rollups" ADD COLUMN "snapshot" text;--> statement-breakpoint
ALTER TABLE "experiment_rollups" ADD COLUMN "visible_before" timestamp with time zone;