-- The results rollup recomputes the units whose data changed by looking each one up by key
-- (decision 0002). With the columns it reads carried in the key, the assignment lookups are
-- index-only. The events key stays narrow: carrying (name, ts, value) in it made the per-unit
-- event lookups index-only too (4.5 s → 1.7 s at 70,000 changed units of 10M events) but cost
-- ingest about a fifth of its throughput (bench:ingest median 0.53 → 0.37–0.43 of COPY), and
-- every write pays for it. drizzle's schema cannot say INCLUDE, so the key is declared there as a
-- plain primary key.
ALTER TABLE "assignments" DROP CONSTRAINT "assignments_experiment_id_unit_pk";--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_experiment_id_unit_pk" PRIMARY KEY ("experiment_id", "unit") INCLUDE ("variant_id", "assigned_at");
