ALTER TABLE "assignments" ADD COLUMN "attributes" jsonb;--> statement-breakpoint
ALTER TABLE "metrics" ADD COLUMN "capping" jsonb;