import type { DbHandle } from "#db/client";
import { insertEvents } from "#db/queries/events";
import type { EventsBatch } from "#lib/contracts/ingest";

/** POST /events: the batch in one atomic statement; re-sent events are counted as duplicates. */
export async function ingestEvents(handle: DbHandle, batch: EventsBatch) {
  const accepted = await insertEvents(
    handle,
    batch.events.map((e) => ({
      unit: e.unit,
      id: e.id,
      name: e.name,
      value: e.value ?? 1,
      timestamp: e.timestamp,
      properties: e.properties ?? null,
    })),
  );
  return { accepted, duplicates: batch.events.length - accepted };
}
