import { eq } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { models } from "#db/schema";
import type { DriftConfigDocument } from "#lib/contracts/models";

/** Replaces a model's drift config (null: the defaults); undefined when the model does not exist. */
export async function updateModelDriftConfig(
  handle: DbHandle,
  key: string,
  driftConfig: DriftConfigDocument | null,
) {
  const [row] = await handle.db.update(models).set({ driftConfig }).where(eq(models.key, key)).returning();
  return row;
}
