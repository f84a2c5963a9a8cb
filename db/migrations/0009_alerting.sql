CREATE TABLE "alert_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"target" jsonb NOT NULL,
	"threshold" double precision,
	"for_seconds" integer DEFAULT 0 NOT NULL,
	"repeat_seconds" integer DEFAULT 14400 NOT NULL,
	"webhook_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_rules_name_unique" UNIQUE("name"),
	CONSTRAINT "alert_rules_kind_check" CHECK ("alert_rules"."kind" in ('srm', 'guardrail', 'metric_significant', 'drift', 'performance', 'job_failure'))
);
--> statement-breakpoint
CREATE TABLE "alert_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" bigint NOT NULL,
	"sequence" integer NOT NULL,
	"from_state" text NOT NULL,
	"to_state" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"value" double precision,
	"notification" text,
	"dedupe_key" text NOT NULL,
	CONSTRAINT "alert_transitions_alert_sequence_unique" UNIQUE("alert_id","sequence"),
	CONSTRAINT "alert_transitions_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rule_id" integer NOT NULL,
	"instance" text NOT NULL,
	"subject" jsonb NOT NULL,
	"state" text DEFAULT 'inactive' NOT NULL,
	"value" double precision,
	"pending_since" timestamp with time zone,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"last_notified_at" timestamp with time zone,
	"repeats" integer DEFAULT 0 NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alerts_rule_instance_unique" UNIQUE("rule_id","instance"),
	CONSTRAINT "alerts_state_check" CHECK ("alerts"."state" in ('inactive', 'pending', 'firing', 'resolved'))
);
--> statement-breakpoint
ALTER TABLE "alert_transitions" ADD CONSTRAINT "alert_transitions_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_transitions_at_idx" ON "alert_transitions" USING btree ("at");--> statement-breakpoint
CREATE INDEX "alerts_state_idx" ON "alerts" USING btree ("state");