import { asc, eq, inArray } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { models } from "#db/schema";

export type ModelRow = typeof models.$inferSelect;

/** Inserts a model; undefined when its key is taken. */
export async function insertModel(
  handle: DbHandle,
  values: typeof models.$inferInsert,
): Promise<ModelRow | undefined> {
  const [row] = await handle.db
    .insert(models)
    .values(values)
    .onConflictDoNothing({ target: models.key })
    .returning();
  return row;
}

/** By key. */
export async function listModels(handle: DbHandle): Promise<ModelRow[]> {
  return handle.db.select().from(models).orderBy(asc(models.key));
}

export async function findModelByKey(handle: DbHandle, key: string): Promise<ModelRow | undefined> {
  const [row] = await handle.db.select().from(models).where(eq(models.key, key)).limit(1);
  return row;
}

/** Models by key; keys that do not exist are absent. */
export async function modelsByKey(handle: DbHandle, keys: string[]): Promise<Map<string, ModelRow>> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return new Map();
  const rows = await handle.db.select().from(models).where(inArray(models.key, unique));
  return new Map(rows.map((r) => [r.key, r]));
}
