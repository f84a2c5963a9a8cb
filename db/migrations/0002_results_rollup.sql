CREATE TABLE "experiment_rollups" (
	"experiment_id" integer PRIMARY KEY NOT NULL,
	"fingerprint" text NOT NULL,
	"end_at" timestamp with time zone NOT NULL,
	"watermark" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experiment_unit_values" (
	"experiment_id" integer NOT NULL,
	"unit" text NOT NULL,
	"variant_id" integer NOT NULL,
	"vals" double precision[] NOT NULL,
	CONSTRAINT "experiment_unit_values_experiment_id_unit_pk" PRIMARY KEY("experiment_id","unit")
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "recorded_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "events_received_at_brin" ON "events" USING brin ("received_at");