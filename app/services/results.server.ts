import { asc, desc, eq } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { experimentSnapshots } from "#db/schema";
import { notFound } from "#lib/errors";
import { findExperimentRow } from "./experiments.server";

/** The latest results snapshot of an experiment. */
export async function latestResults(handle: DbHandle, key: string) {
  const experiment = await findExperimentRow(handle, key);
  const [snapshot] = await handle.db
    .select()
    .from(experimentSnapshots)
    .where(eq(experimentSnapshots.experimentId, experiment.id))
    .orderBy(desc(experimentSnapshots.asOf))
    .limit(1);
  if (!snapshot) {
    throw notFound(
      `Experiment "${key}" has no results yet: the experiment-results job computes them every 15 minutes ` +
        `(or POST /api/v1/jobs/experiment-results/run)`,
    );
  }
  return snapshot.result;
}

/** Every stored snapshot, oldest first: one per day plus the latest — the cumulative-lift series. */
export async function resultsHistory(handle: DbHandle, key: string) {
  const experiment = await findExperimentRow(handle, key);
  const rows = await handle.db
    .select({ result: experimentSnapshots.result })
    .from(experimentSnapshots)
    .where(eq(experimentSnapshots.experimentId, experiment.id))
    .orderBy(asc(experimentSnapshots.asOf));
  return { experiment: key, points: rows.map((r) => r.result) };
}
