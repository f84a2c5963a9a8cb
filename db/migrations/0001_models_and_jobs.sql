CREATE TABLE "labels" (
	"prediction_id" text PRIMARY KEY NOT NULL,
	"label" double precision NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"model_id" integer NOT NULL,
	"version" text NOT NULL,
	"reference_from" timestamp with time zone,
	"reference_to" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_versions_model_version_unique" UNIQUE("model_id","version")
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"task" text NOT NULL,
	"description" text,
	"drift_config" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "models_key_unique" UNIQUE("key"),
	CONSTRAINT "models_task_check" CHECK ("models"."task" in ('binary_classification', 'regression', 'ranking'))
);
--> statement-breakpoint
CREATE TABLE "predictions" (
	"id" text PRIMARY KEY NOT NULL,
	"version_id" integer NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"score" double precision NOT NULL,
	"features" jsonb,
	"unit" text,
	"query" text,
	"item" text,
	"rank" integer,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drift_snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"version_id" integer NOT NULL,
	"feature" text NOT NULL,
	"kind" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"statistic" double precision,
	"p_value" double precision,
	"threshold" double precision,
	"drifted" boolean NOT NULL,
	"reference_count" integer NOT NULL,
	"current_count" integer NOT NULL,
	"status" text NOT NULL,
	"details" jsonb,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "drift_snapshots_window_unique" UNIQUE("version_id","feature","kind","window_start","window_end")
);
--> statement-breakpoint
CREATE TABLE "experiment_snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"experiment_id" integer NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"run_id" bigint,
	"result" jsonb NOT NULL,
	CONSTRAINT "experiment_snapshots_experiment_as_of_unique" UNIQUE("experiment_id","as_of")
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job" text NOT NULL,
	"status" text NOT NULL,
	"trigger" text NOT NULL,
	"target" jsonb,
	"as_of" timestamp with time zone,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"rows_scanned" bigint,
	"items_ok" integer,
	"items_failed" integer,
	"error" text,
	"problems" jsonb
);
--> statement-breakpoint
CREATE TABLE "performance_snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"version_id" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"metric" text NOT NULL,
	"k" integer DEFAULT 0 NOT NULL,
	"value" double precision,
	"count" integer NOT NULL,
	"details" jsonb,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "performance_snapshots_window_unique" UNIQUE("version_id","window_start","window_end","metric","k")
);
--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "predictions_version_ts_idx" ON "predictions" USING btree ("version_id","ts");--> statement-breakpoint
CREATE INDEX "drift_snapshots_version_window_idx" ON "drift_snapshots" USING btree ("version_id","window_start");--> statement-breakpoint
CREATE INDEX "job_runs_job_queued_idx" ON "job_runs" USING btree ("job","queued_at");