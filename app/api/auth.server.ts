import { recordApiKeyUse } from "#db/queries/api-keys";
import type { AppContext } from "#app/server/context.server";
import { type Scope, verifyApiKey } from "#app/services/api-keys.server";
import { AppError, describeError } from "#lib/errors";

const LAST_USED_WRITE_INTERVAL_MS = 60_000;
const lastUsedWrites = new Map<number, number>();

/**
 * Checks `Authorization: Bearer <key>` and the key's scope. An `admin` key may do everything;
 * an `ingest` key only what is marked `ingest`.
 */
export async function authenticate(request: Request, ctx: AppContext, required: Scope): Promise<Scope> {
  const header = request.headers.get("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match?.[1]) {
    throw new AppError("UNAUTHORIZED", "Missing API key: send Authorization: Bearer <key>");
  }
  const key = await verifyApiKey(ctx.db, match[1]);
  if (!key) {
    throw new AppError("UNAUTHORIZED", "Unknown or revoked API key");
  }
  if (required === "admin" && key.scope !== "admin") {
    throw new AppError("FORBIDDEN", `This operation needs an admin key; this key's scope is "${key.scope}"`);
  }
  touchLastUsed(ctx, key.id);
  return key.scope;
}

// Recording last use on every request would add a write to each ingestion call; once a minute is enough.
function touchLastUsed(ctx: AppContext, id: number) {
  const now = ctx.now().getTime();
  if (now - (lastUsedWrites.get(id) ?? 0) < LAST_USED_WRITE_INTERVAL_MS) return;
  lastUsedWrites.set(id, now);
  recordApiKeyUse(ctx.db, id, new Date(now)).catch((error: unknown) =>
    ctx.log.warn("could not record key use", describeError(error)),
  );
}
