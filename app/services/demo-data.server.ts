/**
 * Demo data for a first `npm start`: a running ranking experiment whose treatment (a new model
 * version) lifts applies, with a realistic event stream, so the dashboard has something true to
 * show. Generated through the same services the API uses, deterministically (seeded).
 */
import { count } from "drizzle-orm";
import type { DbHandle } from "../../db/client";
import { experiments } from "../../db/schema";
import { mulberry32 } from "../stats/experiment/seeded-random";
import { ingestAssignments } from "./assignments.server";
import { ingestEvents } from "./events.server";
import { createExperiment, startExperiment } from "./experiments.server";
import { createMetric } from "./metrics.server";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const UNITS = 8_000;
const BATCH = 5_000;

export const DEMO_EXPERIMENT = "job-ranker-v2";

/** Seeds the demo unless the database already has experiments; returns whether it seeded. */
export async function seedDemoData(db: DbHandle, now: Date): Promise<boolean> {
  const [existing] = await db.db.select({ n: count() }).from(experiments);
  if ((existing?.n ?? 0) > 0) return false;

  await createMetric(db, {
    key: "applied",
    name: "Applied to a job (7 days)",
    type: "proportion",
    event: "apply",
    higherIsBetter: true,
    windowHours: 7 * 24,
  });
  await createMetric(db, {
    key: "ctr",
    name: "Click-through rate",
    type: "ratio",
    numerator: "click",
    denominator: "impression",
    higherIsBetter: true,
  });
  await createMetric(db, {
    key: "hides",
    name: "Jobs hidden per student",
    type: "mean",
    event: "hide",
    higherIsBetter: false,
  });

  const start = new Date(now.getTime() - 12 * DAY);
  await createExperiment(
    db,
    {
      key: DEMO_EXPERIMENT,
      name: "Job ranker v2 vs v1",
      hypothesis: "Ranking with the v2 model (skills embeddings) gets more students to apply.",
      unit: "student",
      variants: [
        { key: "control", name: "Ranker v1", weight: 0.5, model: "job-ranker", modelVersion: "v1" },
        { key: "treatment", name: "Ranker v2", weight: 0.5, model: "job-ranker", modelVersion: "v2" },
      ],
      metrics: { primary: "applied", secondary: ["ctr"], guardrails: ["hides"] },
      settings: { engine: "frequentist", alpha: 0.05, sequential: true, correction: "holm", cuped: false },
    },
    start,
  );
  await startExperiment(db, DEMO_EXPERIMENT, start);

  const { assignments, events } = generateTraffic(start, now);
  for (let i = 0; i < assignments.length; i += BATCH) {
    await ingestAssignments(db, { assignments: assignments.slice(i, i + BATCH) });
  }
  for (let i = 0; i < events.length; i += BATCH) {
    await ingestEvents(db, { events: events.slice(i, i + BATCH) });
  }
  return true;
}

function generateTraffic(start: Date, now: Date) {
  const rand = mulberry32(2026);
  const span = now.getTime() - start.getTime() - DAY;
  const assignments: Array<{ experiment: string; unit: string; variant: string; timestamp: Date }> = [];
  const events: Array<{ id: string; unit: string; name: string; value?: number; timestamp: Date }> = [];
  for (let i = 0; i < UNITS; i++) {
    const unit = `student-${i}`;
    const treatment = rand() < 0.5;
    // More students arrive early in the experiment, as with a launch announcement.
    const at = new Date(start.getTime() + span * rand() ** 1.4);
    assignments.push({
      experiment: DEMO_EXPERIMENT,
      unit,
      variant: treatment ? "treatment" : "control",
      timestamp: at,
    });
    const sessions = 1 + Math.floor(rand() * 4);
    let e = 0;
    const emit = (name: string, ts: number, value?: number) => {
      if (ts < now.getTime())
        events.push({ id: `${unit}-${e++}`, unit, name, value, timestamp: new Date(ts) });
    };
    for (let s = 0; s < sessions; s++) {
      const sessionAt = at.getTime() + rand() * 8 * DAY;
      const impressions = 5 + Math.floor(rand() * 15);
      for (let k = 0; k < impressions; k++) {
        const ts = sessionAt + k * 20_000;
        emit("impression", ts);
        if (rand() < (treatment ? 0.066 : 0.06)) emit("click", ts + 5_000);
        if (rand() < (treatment ? 0.011 : 0.014)) emit("hide", ts + 8_000);
      }
    }
    if (rand() < (treatment ? 0.155 : 0.135)) emit("apply", at.getTime() + rand() * 9 * DAY);
  }
  return { assignments, events };
}
