import type { DbHandle } from "#db/client";
import { type EventInput, insertEvents } from "#db/queries/events";
import { retryOnConflict } from "#db/retry";
import type { EventsBatch } from "#lib/contracts/ingest";

/**
 * POST /events: the batch in one atomic statement; re-sent events (also within the batch, where
 * the first occurrence is kept) are counted as duplicates.
 */
export async function ingestEvents(handle: DbHandle, batch: EventsBatch) {
  const firsts = new Map<string, EventInput>();
  for (const e of batch.events) {
    const key = `${e.unit}\u0000${e.id}`;
    if (firsts.has(key)) continue;
    firsts.set(key, {
      unit: e.unit,
      id: e.id,
      name: e.name,
      value: e.value ?? 1,
      timestamp: e.timestamp,
      properties: e.properties ?? null,
    });
  }
  const rows = [...firsts.values()];
  const accepted = await retryOnConflict(() => insertEvents(handle, rows));
  return { accepted, duplicates: batch.events.length - accepted };
}
