import type { DbHandle } from "#db/client";
import { experimentSnapshotHistory, latestExperimentSnapshot } from "#db/queries/experiment-snapshots";
import { notFound } from "#lib/errors";
import { findExperimentRow } from "./experiments.server";

/** The latest results snapshot of an experiment. */
export async function latestResults(handle: DbHandle, key: string) {
  const experiment = await findExperimentRow(handle, key);
  const result = await latestExperimentSnapshot(handle, experiment.id);
  if (!result) {
    throw notFound(
      `Experiment "${key}" has no results yet: the experiment-results job computes them every 15 minutes ` +
        `(or POST /api/v1/jobs/experiment-results/run)`,
    );
  }
  return result;
}

/** Every stored snapshot, oldest first: one per day plus the latest — the cumulative-lift series. */
export async function resultsHistory(handle: DbHandle, key: string) {
  const experiment = await findExperimentRow(handle, key);
  return { experiment: key, points: await experimentSnapshotHistory(handle, experiment.id) };
}
