import { readJsonBody } from "./body.server";
import { AppError } from "#lib/errors";
import { MAX_BATCH_ITEMS } from "#lib/contracts/ingest";

/** Reads an ingestion batch body; more than MAX_BATCH_ITEMS items is a 413, like an oversized body. */
export async function readBatch(request: Request, field: string): Promise<unknown> {
  const body = await readJsonBody(request);
  const items = (body as Record<string, unknown> | null)?.[field];
  if (Array.isArray(items) && items.length > MAX_BATCH_ITEMS) {
    throw new AppError("PAYLOAD_TOO_LARGE", `A batch holds at most ${MAX_BATCH_ITEMS} items`, [
      { path: field, message: `${items.length} items; split into batches of at most ${MAX_BATCH_ITEMS}` },
    ]);
  }
  return body;
}
