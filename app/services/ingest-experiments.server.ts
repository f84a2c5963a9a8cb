import { inArray } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { experiments, variants } from "#db/schema";

export interface ExperimentForData {
  id: number;
  key: string;
  status: string;
  salt: string;
  variants: Array<{ id: number; key: string; weight: number }>;
}

/** The experiments named in an ingestion batch, with their arms, in two indexed queries. */
export async function experimentsForData(
  handle: DbHandle,
  keys: string[],
): Promise<Map<string, ExperimentForData>> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return new Map();
  const rows = await handle.db
    .select({ id: experiments.id, key: experiments.key, status: experiments.status, salt: experiments.salt })
    .from(experiments)
    .where(inArray(experiments.key, unique));
  const arms = rows.length
    ? await handle.db
        .select({
          id: variants.id,
          experimentId: variants.experimentId,
          key: variants.key,
          weight: variants.weight,
          position: variants.position,
        })
        .from(variants)
        .where(
          inArray(
            variants.experimentId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  return new Map(
    rows.map((r) => [
      r.key,
      {
        ...r,
        variants: arms
          .filter((a) => a.experimentId === r.id)
          .sort((a, b) => a.position - b.position)
          .map(({ id, key, weight }) => ({ id, key, weight })),
      },
    ]),
  );
}
