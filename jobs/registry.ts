import { experimentResultsJob } from "./experiment-results";
import type { JobDefinition } from "./types";

/** Every scheduled job, by name. */
export const jobs: JobDefinition[] = [experimentResultsJob];

export function findJob(name: string): JobDefinition | undefined {
  return jobs.find((j) => j.name === name);
}
