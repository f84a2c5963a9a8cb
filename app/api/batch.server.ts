import { AppError } from "#lib/errors";
import { MAX_BATCH_ITEMS } from "#lib/contracts/ingest";

/** More than MAX_BATCH_ITEMS items in a batch is a 413, like an oversized body, before any validation. */
export function checkBatchLength(body: unknown, field: string): void {
  const items = (body as Record<string, unknown> | null)?.[field];
  if (Array.isArray(items) && items.length > MAX_BATCH_ITEMS) {
    throw new AppError("PAYLOAD_TOO_LARGE", `A batch holds at most ${MAX_BATCH_ITEMS} items`, [
      { path: field, message: `${items.length} items; split into batches of at most ${MAX_BATCH_ITEMS}` },
    ]);
  }
}
