/**
 * The demo's experiments, each telling one story a reviewer meets in real life: a ranker test the
 * new model wins (three weeks of history, so the lift chart visibly narrows), a running test
 * whose treatment arm loses assignments (a real sample ratio mismatch), and a stopped test with a
 * clear loser. Each experiment's units and metric events are its own, so no experiment sees
 * another's traffic as events from unassigned units. Generated deterministically (seeded) through the services the API uses; every
 * timestamp is in the past; names and hypotheses say "demo".
 */
import type { DbHandle } from "#db/client";
import { mulberry32 } from "#app/stats/experiment/seeded-random";
import type { ExperimentCreate } from "#lib/contracts/experiments";
import { ingestAssignments } from "./assignments.server";
import { ingestEvents } from "./events.server";
import { createExperiment, startExperiment, stopExperiment } from "./experiments.server";
import { createMetric } from "./metrics.server";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const BATCH = 5_000;

export const DEMO_EXPERIMENT = "job-ranker-v2";
const RANKER_DAYS = 23;
const RANKER_STUDENTS = 20_000;

type Assignment = { experiment: string; unit: string; variant: string; timestamp: Date };
type Event = { id: string; unit: string; name: string; value?: number; timestamp: Date };

/** Creates the demo metrics and experiments with their traffic; returns when the ranker started. */
export async function seedDemoExperiments(db: DbHandle, now: Date): Promise<{ rankerStart: Date }> {
  await createDemoMetrics(db);
  const rankerStart = await seedRanker(db, now);
  await seedOnboardingWithSrm(db, now);
  await seedStoppedSalaryCards(db, now);
  return { rankerStart };
}

async function createDemoMetrics(db: DbHandle) {
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
  await createMetric(db, {
    key: "unsubscribed",
    name: "Unsubscribed from job alerts",
    type: "proportion",
    event: "unsubscribe",
    higherIsBetter: false,
  });
  await createMetric(db, {
    key: "alert-applied",
    name: "Applied from a job-alert email",
    type: "proportion",
    event: "alert_apply",
    higherIsBetter: true,
  });
  await createMetric(db, {
    key: "alert-ctr",
    name: "Job-alert click-through rate",
    type: "ratio",
    numerator: "alert_click",
    denominator: "alert_open",
    higherIsBetter: true,
  });
  await createMetric(db, {
    key: "alert-unsubscribed",
    name: "Unsubscribed from job-alert emails",
    type: "proportion",
    event: "alert_unsubscribe",
    higherIsBetter: false,
  });
  await createMetric(db, {
    key: "profile-completed",
    name: "Completed their profile",
    type: "proportion",
    event: "profile_complete",
    higherIsBetter: true,
  });
}

async function seedRanker(db: DbHandle, now: Date): Promise<Date> {
  const start = new Date(now.getTime() - RANKER_DAYS * DAY);
  await launch(
    db,
    {
      key: DEMO_EXPERIMENT,
      name: "Job ranker v2 vs v1 (demo)",
      hypothesis:
        "Demo data. Ranking with the v2 model (skills embeddings) gets more students to apply, without more unsubscribes.",
      unit: "student",
      variants: [
        { key: "control", name: "Ranker v1", weight: 0.5, model: "job-ranker", modelVersion: "v1" },
        { key: "treatment", name: "Ranker v2", weight: 0.5, model: "job-ranker", modelVersion: "v2" },
      ],
      metrics: { primary: "applied", secondary: ["ctr"], guardrails: ["unsubscribed", "hides"] },
      settings: {
        engine: "frequentist",
        alpha: 0.05,
        sequential: true,
        correction: "holm",
        cuped: false,
        dimensions: ["platform", "country"],
      },
    },
    start,
  );
  const rand = mulberry32(2026);
  // Attributes from their own stream, so the demo's outcomes stay what they were before them.
  const attributeRand = mulberry32(7);
  const traffic = new Traffic(now);
  // Arrivals until the day before now; events follow for up to nine days (never past now).
  const span = now.getTime() - start.getTime() - DAY;
  for (let i = 0; i < RANKER_STUDENTS; i++) {
    const unit = `student-${i}`;
    const treatment = rand() < 0.5;
    // More students arrive early in the experiment, as with a launch announcement.
    const at = start.getTime() + span * rand() ** 1.3;
    traffic.assign(
      DEMO_EXPERIMENT,
      unit,
      treatment ? "treatment" : "control",
      at,
      demoAttributes(attributeRand),
    );
    const sessions = 1 + Math.floor(rand() * 3);
    for (let s = 0; s < sessions; s++) {
      const sessionAt = at + rand() * 8 * DAY;
      const impressions = 2 + Math.floor(rand() * 4);
      for (let k = 0; k < impressions; k++) {
        const ts = sessionAt + k * 20_000;
        traffic.emit(unit, "impression", ts);
        if (rand() < (treatment ? 0.068 : 0.06)) traffic.emit(unit, "click", ts + 5_000);
        if (rand() < (treatment ? 0.011 : 0.014)) traffic.emit(unit, "hide", ts + 8_000);
      }
    }
    if (rand() < (treatment ? 0.152 : 0.135)) traffic.emit(unit, "apply", at + rand() * 6 * DAY);
    if (rand() < 0.02) traffic.emit(unit, "unsubscribe", at + rand() * 9 * DAY);
  }
  await traffic.flush(db);
  return start;
}

/**
 * A 50/50 test whose treatment page redirects, and the redirect loses about one in eight
 * treatment assignments before they are logged: the observed split is far from 50/50.
 */
async function seedOnboardingWithSrm(db: DbHandle, now: Date) {
  const key = "onboarding-checklist";
  const start = new Date(now.getTime() - 9 * DAY - 5 * HOUR);
  await launch(
    db,
    {
      key,
      name: "Onboarding checklist (demo, sample ratio mismatch)",
      hypothesis:
        "Demo data. A checklist on first login gets more students to complete their profile. " +
        "Its treatment page redirects, and the redirect drops some assignments before they are logged.",
      unit: "student",
      variants: [
        { key: "control", name: "No checklist", weight: 0.5 },
        { key: "treatment", name: "Checklist", weight: 0.5 },
      ],
      metrics: { primary: "profile-completed", secondary: [], guardrails: [] },
      settings: { engine: "frequentist", alpha: 0.05, sequential: false, correction: "none", cuped: false },
    },
    start,
  );
  const rand = mulberry32(11);
  const traffic = new Traffic(now);
  const span = now.getTime() - start.getTime() - 6 * HOUR;
  for (let i = 0; i < 8_000; i++) {
    const unit = `newcomer-${i}`;
    const treatment = rand() < 0.5;
    if (treatment && rand() < 0.12) continue;
    const at = start.getTime() + span * rand();
    traffic.assign(key, unit, treatment ? "treatment" : "control", at);
    if (rand() < (treatment ? 0.34 : 0.3)) traffic.emit(unit, "profile_complete", at + rand() * 2 * DAY);
  }
  await traffic.flush(db);
}

/**
 * Ran two and a half weeks and was stopped: salary-first job-alert emails get more clicks but
 * clearly fewer applies. Its events are the emails' own, so the experiments' metrics do not mix.
 */
async function seedStoppedSalaryCards(db: DbHandle, now: Date) {
  const key = "salary-first-alerts";
  const start = new Date(now.getTime() - 20 * DAY - 3 * HOUR);
  const stop = new Date(now.getTime() - 2 * DAY);
  await launch(
    db,
    {
      key,
      name: "Salary first in job-alert emails (demo, stopped)",
      hypothesis:
        "Demo data. Showing the salary before the job title in job-alert emails gets more students to click and apply.",
      unit: "student",
      variants: [
        { key: "control", name: "Title first", weight: 0.5 },
        { key: "salary-first", name: "Salary first", weight: 0.5 },
      ],
      metrics: { primary: "alert-applied", secondary: ["alert-ctr"], guardrails: ["alert-unsubscribed"] },
      settings: { engine: "bayesian", alpha: 0.05, sequential: false, correction: "none", cuped: false },
    },
    start,
  );
  const rand = mulberry32(29);
  const traffic = new Traffic(stop);
  const span = stop.getTime() - start.getTime() - DAY;
  for (let i = 0; i < 5_000; i++) {
    const unit = `seeker-${i}`;
    const treatment = rand() < 0.5;
    const at = start.getTime() + span * rand();
    traffic.assign(key, unit, treatment ? "salary-first" : "control", at);
    const opens = 2 + Math.floor(rand() * 5);
    for (let k = 0; k < opens; k++) {
      const ts = at + rand() * 3 * DAY;
      traffic.emit(unit, "alert_open", ts);
      if (rand() < (treatment ? 0.21 : 0.17)) traffic.emit(unit, "alert_click", ts + 30_000);
    }
    if (rand() < (treatment ? 0.105 : 0.138)) traffic.emit(unit, "alert_apply", at + rand() * 5 * DAY);
    if (rand() < 0.03) traffic.emit(unit, "alert_unsubscribe", at + rand() * 5 * DAY);
  }
  await traffic.flush(db);
  await stopExperiment(db, key, stop);
}

/** A student's platform and country, as a client would send them with the assignment. */
function demoAttributes(rand: () => number): Record<string, string> {
  const pick = (options: Array<[string, number]>) => {
    let u = rand();
    for (const [value, share] of options) {
      u -= share;
      if (u < 0) return value;
    }
    return options.at(-1)?.[0] ?? "";
  };
  return {
    platform: pick([
      ["ios", 0.45],
      ["android", 0.35],
      ["web", 0.2],
    ]),
    country: pick([
      ["FR", 0.4],
      ["DE", 0.25],
      ["ES", 0.15],
      ["IT", 0.1],
      ["NL", 0.06],
      ["BE", 0.04],
    ]),
  };
}

async function launch(db: DbHandle, input: ExperimentCreate, start: Date) {
  await createExperiment(db, input, start);
  await startExperiment(db, input.key, start);
}

/** Collects an experiment's assignments and events, drops anything after `until`, sends them in batches. */
class Traffic {
  private readonly assignments: Assignment[] = [];
  private readonly events: Event[] = [];
  private readonly counters = new Map<string, number>();
  constructor(private readonly until: Date) {}

  assign(experiment: string, unit: string, variant: string, at: number, attributes?: Record<string, string>) {
    if (at < this.until.getTime())
      this.assignments.push({
        experiment,
        unit,
        variant,
        timestamp: new Date(at),
        ...(attributes ? { attributes } : {}),
      });
  }

  emit(unit: string, name: string, at: number) {
    if (at >= this.until.getTime()) return;
    const n = this.counters.get(unit) ?? 0;
    this.counters.set(unit, n + 1);
    this.events.push({ id: `${unit}-${n}`, unit, name, timestamp: new Date(at) });
  }

  async flush(db: DbHandle) {
    for (let i = 0; i < this.assignments.length; i += BATCH) {
      await ingestAssignments(db, { assignments: this.assignments.slice(i, i + BATCH) });
    }
    for (let i = 0; i < this.events.length; i += BATCH) {
      await ingestEvents(db, { events: this.events.slice(i, i + BATCH) });
    }
  }
}
