/**
 * Demo data for a first `npm start`: the demo experiments (demo-experiments.server.ts), among
 * them a ranking test whose treatment (a new model version) lifts applies, and the model behind it logging
 * predictions and late labels — one of whose features drifts — so the dashboard has something
 * true to show. Generated through the same services the API uses, deterministically (seeded).
 */
import type { DbHandle } from "#db/client";
import { countExperiments } from "#db/queries/experiments";
import { mulberry32 } from "#app/stats/experiment/seeded-random";
import { seedDemoExperiments } from "./demo-experiments.server";
import { createModel } from "./models.server";
import { ingestLabels, ingestPredictions } from "./predictions.server";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const UNITS = 8_000;
const BATCH = 5_000;

/** Seeds the demo unless the database already has experiments; returns whether it seeded. */
export async function seedDemoData(db: DbHandle, now: Date): Promise<boolean> {
  if ((await countExperiments(db)) > 0) return false;
  const { rankerStart } = await seedDemoExperiments(db, now);
  await seedModel(db, rankerStart, now);
  return true;
}

/**
 * The apply-probability model the experiment's arms serve: v1 and v2 log predictions; labels
 * (applied or not) arrive for most predictions after a day or two. From day 8 on, v2 is also
 * served in a new city, so `distance_km` drifts and a new `market` value appears.
 */
async function seedModel(db: DbHandle, start: Date, now: Date) {
  await createModel(
    db,
    {
      key: "job-ranker",
      name: "Job ranker (P(apply))",
      task: "binary_classification",
      description: "Scores (student, job) pairs by the probability that the student applies.",
    },
    start,
  );
  const rand = mulberry32(7);
  const predictions: Array<{
    id: string;
    model: string;
    version: string;
    timestamp: Date;
    score: number;
    features: Record<string, number | string | boolean | null>;
    unit: string;
  }> = [];
  const labels: Array<{ predictionId: string; label: number; timestamp: Date }> = [];
  const span = now.getTime() - start.getTime();
  for (const version of ["v1", "v2"]) {
    for (let i = 0; i < 4_000; i++) {
      const at = start.getTime() + span * (i / 4_000) + rand() * HOUR;
      const newMarket = version === "v2" && at > start.getTime() + 8 * DAY && rand() < 0.5;
      const skillMatch = rand();
      const distance = newMarket ? 20 + rand() * 60 : rand() * 25;
      const remote = rand() < 0.3;
      // The truth the model approximates: better matches and nearer jobs get more applies.
      const truth = 1 / (1 + Math.exp(-(-2.2 + 3.2 * skillMatch - 0.03 * distance + (remote ? 0.6 : 0))));
      const noise = version === "v2" ? 0.08 : 0.16;
      const score = Math.min(0.999, Math.max(0.001, truth + (rand() - 0.5) * 2 * noise));
      const id = `${version}-${i}`;
      predictions.push({
        id,
        model: "job-ranker",
        version,
        timestamp: new Date(at),
        score,
        features: {
          skill_match: Math.round(skillMatch * 1000) / 1000,
          distance_km: Math.round(distance * 10) / 10,
          remote,
          market: newMarket ? "lyon" : rand() < 0.6 ? "paris" : "berlin",
          years_experience: rand() < 0.05 ? null : Math.floor(rand() * 6),
        },
        unit: `student-${Math.floor(rand() * UNITS)}`,
      });
      const labelledAt = at + (12 + rand() * 36) * HOUR;
      if (labelledAt < now.getTime() && rand() < 0.85) {
        labels.push({ predictionId: id, label: rand() < truth ? 1 : 0, timestamp: new Date(labelledAt) });
      }
    }
  }
  for (let i = 0; i < predictions.length; i += BATCH) {
    await ingestPredictions(db, { predictions: predictions.slice(i, i + BATCH) }, now);
  }
  for (let i = 0; i < labels.length; i += BATCH) {
    await ingestLabels(db, { labels: labels.slice(i, i + BATCH) }, now);
  }
}
