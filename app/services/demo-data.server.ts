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
  await seedSearchRanker(db, now);
  return true;
}

/** Days of model history: v1 was deployed well before the experiment. */
const MODEL_DAYS = 30;
/** v1 starts being served in a new city on this day of its history. */
const DRIFT_DAY = 20;
const PREDICTIONS_PER_DAY = 800;

/**
 * The apply-probability model the experiment's arms serve. v1 logs predictions for 30 days; from
 * day 20 it is also served in a new city, where jobs are farther (`distance_km` drifts, a new
 * `market` appears) and students there apply differently, so its AUC decays. v2, trained later and
 * served since the experiment started, is not served there and does not drift. Labels (applied or
 * not) arrive for most predictions after 12–48 hours; no prediction is later than `now`.
 */
async function seedModel(db: DbHandle, experimentStart: Date, now: Date) {
  const modelStart = new Date(now.getTime() - MODEL_DAYS * DAY);
  await createModel(
    db,
    {
      key: "job-ranker",
      name: "Job ranker (P(apply))",
      task: "binary_classification",
      description: "Scores (student, job) pairs by the probability that the student applies.",
    },
    modelStart,
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
  const driftFrom = modelStart.getTime() + DRIFT_DAY * DAY;
  for (const [version, from] of [
    ["v1", modelStart],
    ["v2", experimentStart],
  ] as const) {
    const span = now.getTime() - from.getTime();
    const n = Math.round((span / DAY) * PREDICTIONS_PER_DAY);
    for (let i = 0; i < n; i++) {
      // Uniform over [from, now): never in the future.
      const at = from.getTime() + span * ((i + rand()) / n);
      const newMarket = version === "v1" && at >= driftFrom && rand() < 0.5;
      const skillMatch = rand();
      const distance = newMarket ? 20 + rand() * 60 : rand() * 25;
      const remote = rand() < 0.3;
      // What the model learnt: better matches and nearer jobs get more applies.
      const learnt = 1 / (1 + Math.exp(-(-2.2 + 3.2 * skillMatch - 0.03 * distance + (remote ? 0.6 : 0))));
      // In the new city students apply for far jobs and care less about the match: v1 is wrong there.
      const truth = newMarket
        ? 1 / (1 + Math.exp(-(-1.6 + 0.4 * skillMatch + 0.02 * distance - (remote ? 0.6 : 0))))
        : learnt;
      const noise = version === "v2" ? 0.08 : 0.16;
      const score = Math.min(0.999, Math.max(0.001, learnt + (rand() - 0.5) * 2 * noise));
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
  await ingestModelData(db, predictions, labels, now);
}

const SEARCHES_PER_DAY = 24;
const RESULTS_PER_SEARCH = 10;

/**
 * The job search ranker: 30 days of searches, 10 ranked results each, whose clicks (relevance 1)
 * and applies (2) arrive as labels within a day. It is steady: a model with nothing wrong.
 */
async function seedSearchRanker(db: DbHandle, now: Date) {
  const modelStart = new Date(now.getTime() - MODEL_DAYS * DAY);
  await createModel(
    db,
    {
      key: "job-search",
      name: "Job search ranker",
      task: "ranking",
      description: "Orders the jobs a search returns; relevance 1 = clicked, 2 = applied.",
    },
    modelStart,
  );
  const rand = mulberry32(11);
  const predictions: Predictions = [];
  const labels: Array<{ predictionId: string; label: number; timestamp: Date }> = [];
  const span = now.getTime() - modelStart.getTime();
  const searches = MODEL_DAYS * SEARCHES_PER_DAY;
  for (let q = 0; q < searches; q++) {
    const at = modelStart.getTime() + span * ((q + rand()) / searches);
    for (let rank = 1; rank <= RESULTS_PER_SEARCH; rank++) {
      const id = `search-${q}-${rank}`;
      predictions.push({
        id,
        model: "job-search",
        version: "v1",
        timestamp: new Date(at),
        score: Math.round((1 / rank + rand() * 0.05) * 1000) / 1000,
        query: `search-${q}`,
        item: `job-${Math.floor(rand() * 5000)}`,
        rank,
        // Per result, not per search: ten results of one search are not ten independent samples.
        features: { job_age_days: Math.floor(rand() * 30), salary_shown: rand() < 0.6 },
      });
      const labelledAt = at + (2 + rand() * 22) * HOUR;
      if (labelledAt >= now.getTime()) continue;
      // Better-ranked results are clicked more; a fifth of clicks lead to an application.
      const clicked = rand() < 0.45 / rank ** 0.8;
      const relevance = clicked ? (rand() < 0.2 ? 2 : 1) : 0;
      labels.push({ predictionId: id, label: relevance, timestamp: new Date(labelledAt) });
    }
  }
  await ingestModelData(db, predictions, labels, now);
}

type Predictions = Parameters<typeof ingestPredictions>[1]["predictions"];
type Labels = Parameters<typeof ingestLabels>[1]["labels"];

/** Predictions, then their labels, through the ingestion services in API-sized batches. */
async function ingestModelData(db: DbHandle, predictions: Predictions, labels: Labels, now: Date) {
  for (let i = 0; i < predictions.length; i += BATCH) {
    await ingestPredictions(db, { predictions: predictions.slice(i, i + BATCH) }, now);
  }
  for (let i = 0; i < labels.length; i += BATCH) {
    await ingestLabels(db, { labels: labels.slice(i, i + BATCH) }, now);
  }
}
