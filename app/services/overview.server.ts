import { assignedUnitsByVariant } from "../../db/queries/assigned-units";
import type { DbHandle } from "../../db/client";
import { experiments, variants } from "../../db/schema";
import { listExperiments } from "./experiments.server";

/** Experiments with their assigned units per arm, for the dashboard's home page. */
export async function experimentsOverview(handle: DbHandle) {
  const [list, counts, ids, arms] = await Promise.all([
    listExperiments(handle),
    assignedUnitsByVariant(handle),
    handle.db.select({ id: experiments.id, key: experiments.key }).from(experiments),
    handle.db
      .select({ id: variants.id, experimentId: variants.experimentId, key: variants.key })
      .from(variants),
  ]);
  const idByKey = new Map(ids.map((r) => [r.key, r.id]));
  return list.map((e) => {
    const id = idByKey.get(e.key);
    const units = Object.fromEntries(
      e.variants.map((v) => {
        const variantId = arms.find((a) => a.experimentId === id && a.key === v.key)?.id;
        return [v.key, counts.find((c) => c.variantId === variantId)?.units ?? 0];
      }),
    );
    return { ...e, units, totalUnits: Object.values(units).reduce((a, b) => a + b, 0) };
  });
}
