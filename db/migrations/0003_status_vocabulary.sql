-- Drift and performance statistics now say "ok" like the experiment statistics (reason codes stay
-- UPPER_CASE), so snapshots stored before the change read the same as new ones.
UPDATE "drift_snapshots" SET "status" = 'ok' WHERE "status" = 'OK';
--> statement-breakpoint
UPDATE "drift_snapshots" SET "details" = jsonb_set("details", '{status}', '"ok"') WHERE "details"->>'status' = 'OK';
--> statement-breakpoint
UPDATE "performance_snapshots" SET "details" = jsonb_set("details", '{status}', '"ok"') WHERE "details"->>'status' = 'OK';
