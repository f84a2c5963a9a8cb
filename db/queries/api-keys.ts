import { and, eq, isNull } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { apiKeys } from "#db/schema";

export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** Inserts a key; undefined when its name or hash is taken. */
export async function insertApiKey(
  handle: DbHandle,
  values: typeof apiKeys.$inferInsert,
): Promise<ApiKeyRow | undefined> {
  const [row] = await handle.db.insert(apiKeys).values(values).onConflictDoNothing().returning();
  return row;
}

/** Oldest first. */
export async function listApiKeys(handle: DbHandle): Promise<ApiKeyRow[]> {
  return handle.db.select().from(apiKeys).orderBy(apiKeys.createdAt);
}

/** Revokes the active key with this name; false when there is none. */
export async function revokeApiKeyByName(handle: DbHandle, name: string, now: Date): Promise<boolean> {
  const rows = await handle.db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.name, name), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/** Inserts an admin key, or makes the key with this hash an active admin key again. */
export async function upsertAdminKey(
  handle: DbHandle,
  values: { name: string; prefix: string; keyHash: string },
): Promise<void> {
  await handle.db
    .insert(apiKeys)
    .values({ ...values, scope: "admin" })
    .onConflictDoUpdate({ target: apiKeys.keyHash, set: { revokedAt: null, scope: "admin" } });
}

export async function findApiKeyByHash(handle: DbHandle, keyHash: string): Promise<ApiKeyRow | undefined> {
  const [row] = await handle.db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash)).limit(1);
  return row;
}

export async function recordApiKeyUse(handle: DbHandle, id: number, at: Date): Promise<void> {
  await handle.db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
}
