import { sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";

/** A round trip to the database; throws when it cannot answer. */
export async function pingDatabase(handle: DbHandle): Promise<void> {
  await handle.rows(sql`select 1 as ok`);
}
