import { assignedUnitsByVariant } from "#db/queries/assignments";
import type { DbHandle } from "#db/client";
import { listExperiments } from "./experiments.server";

/** Experiments with their assigned units per arm, for the dashboard's home page. */
export async function experimentsOverview(handle: DbHandle) {
  const [list, counts] = await Promise.all([listExperiments(handle), assignedUnitsByVariant(handle)]);
  const unitsOf = new Map(counts.map((c) => [`${c.experiment}/${c.variant}`, c.units]));
  return list.map((e) => ({
    ...e,
    units: Object.fromEntries(e.variants.map((v) => [v.key, unitsOf.get(`${e.key}/${v.key}`) ?? 0])),
  }));
}
