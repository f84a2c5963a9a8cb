CREATE TABLE "api_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scope" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_name_unique" UNIQUE("name"),
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash"),
	CONSTRAINT "api_keys_scope_check" CHECK ("api_keys"."scope" in ('admin', 'ingest'))
);
--> statement-breakpoint
CREATE TABLE "assignment_conflicts" (
	"experiment_id" integer NOT NULL,
	"unit" text NOT NULL,
	"variant_id" integer NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assignment_conflicts_experiment_id_unit_variant_id_pk" PRIMARY KEY("experiment_id","unit","variant_id")
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"experiment_id" integer NOT NULL,
	"unit" text NOT NULL,
	"variant_id" integer NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "assignments_experiment_id_unit_pk" PRIMARY KEY("experiment_id","unit")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"unit" text NOT NULL,
	"event_id" text NOT NULL,
	"name" text NOT NULL,
	"value" double precision DEFAULT 1 NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"properties" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_unit_event_id_pk" PRIMARY KEY("unit","event_id")
);
--> statement-breakpoint
CREATE TABLE "experiment_metrics" (
	"experiment_id" integer NOT NULL,
	"metric_id" integer NOT NULL,
	"role" text NOT NULL,
	"position" smallint NOT NULL,
	CONSTRAINT "experiment_metrics_experiment_id_metric_id_pk" PRIMARY KEY("experiment_id","metric_id"),
	CONSTRAINT "experiment_metrics_role_check" CHECK ("experiment_metrics"."role" in ('primary', 'secondary', 'guardrail'))
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"hypothesis" text,
	"unit_type" text DEFAULT 'user' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"salt" text NOT NULL,
	"settings" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	CONSTRAINT "experiments_key_unique" UNIQUE("key"),
	CONSTRAINT "experiments_status_check" CHECK ("experiments"."status" in ('draft', 'running', 'stopped'))
);
--> statement-breakpoint
CREATE TABLE "metrics" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"type" text NOT NULL,
	"event" text,
	"numerator" text,
	"denominator" text,
	"higher_is_better" boolean DEFAULT true NOT NULL,
	"window_hours" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metrics_key_unique" UNIQUE("key"),
	CONSTRAINT "metrics_type_check" CHECK ("metrics"."type" in ('proportion', 'mean', 'ratio'))
);
--> statement-breakpoint
CREATE TABLE "variants" (
	"id" serial PRIMARY KEY NOT NULL,
	"experiment_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"key" text NOT NULL,
	"name" text,
	"weight" double precision NOT NULL,
	"model" text,
	"model_version" text,
	CONSTRAINT "variants_experiment_key_unique" UNIQUE("experiment_id","key"),
	CONSTRAINT "variants_experiment_position_unique" UNIQUE("experiment_id","position")
);
--> statement-breakpoint
ALTER TABLE "experiment_metrics" ADD CONSTRAINT "experiment_metrics_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_metrics" ADD CONSTRAINT "experiment_metrics_metric_id_metrics_id_fk" FOREIGN KEY ("metric_id") REFERENCES "public"."metrics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignments_experiment_variant_idx" ON "assignments" USING btree ("experiment_id","variant_id");--> statement-breakpoint
CREATE INDEX "events_name_ts_idx" ON "events" USING btree ("name","ts");