CREATE TABLE "drift_reference_cells" (
	"version_id" integer NOT NULL,
	"kind" text NOT NULL,
	"feature" text NOT NULL,
	"reference_from" text NOT NULL,
	"reference_to" text NOT NULL,
	"config" text NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"cells" jsonb NOT NULL,
	CONSTRAINT "drift_reference_cells_version_id_kind_feature_pk" PRIMARY KEY("version_id","kind","feature")
);
