import { experimentResultsJob } from "./experiment-results";
import { modelDriftJob } from "./model-drift";
import { modelPerformanceJob } from "./model-performance";
import type { JobDefinition } from "./types";

/** Every scheduled job, by name. */
export const jobs: JobDefinition[] = [experimentResultsJob, modelDriftJob, modelPerformanceJob];

export function findJob(name: string): JobDefinition | undefined {
  return jobs.find((j) => j.name === name);
}
