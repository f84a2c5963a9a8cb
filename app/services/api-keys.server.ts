import { createHash, randomBytes } from "node:crypto";
import type { DbHandle } from "#db/client";
import {
  type ApiKeyRow,
  findApiKeyByHash,
  insertApiKey,
  listApiKeys as listApiKeyRows,
  revokeApiKeyByName,
  upsertAdminKey,
} from "#db/queries/api-keys";
import { AppError } from "#lib/errors";
import { API_KEY_SCOPES, type ApiKeyScope } from "#lib/vocabulary";

export type Scope = ApiKeyScope;
export const SCOPES = API_KEY_SCOPES;

/*
 * Keys are 32 random bytes, so a single SHA-256 is enough to store them safely: slow password
 * hashes (bcrypt, scrypt) defend low-entropy secrets and would cost milliseconds per request.
 */
export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function generateKey(): string {
  return `ns_${randomBytes(32).toString("base64url")}`;
}

export interface ApiKeyInfo {
  name: string;
  prefix: string;
  scope: Scope;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Creates a key and returns it in clear — the only time it is ever available. */
export async function createApiKey(
  handle: DbHandle,
  input: { name: string; scope: Scope; secret?: string },
): Promise<{ key: string; info: ApiKeyInfo }> {
  const key = input.secret ?? generateKey();
  const row = await insertApiKey(handle, {
    name: input.name,
    prefix: key.slice(0, 10),
    keyHash: hashKey(key),
    scope: input.scope,
  });
  if (!row) throw new AppError("CONFLICT", `An API key named "${input.name}" or with that secret exists`);
  return { key, info: toInfo(row) };
}

export async function listApiKeys(handle: DbHandle): Promise<ApiKeyInfo[]> {
  return (await listApiKeyRows(handle)).map(toInfo);
}

/** Revokes by name; returns false if there is no active key with that name. */
export async function revokeApiKey(handle: DbHandle, name: string, now = new Date()): Promise<boolean> {
  return revokeApiKeyByName(handle, name, now);
}

/**
 * Makes sure an active admin key with this secret exists (NORTHSTAR_BOOTSTRAP_KEY), so automation
 * and tests can call the API on a fresh database. Idempotent across restarts and processes.
 */
export async function ensureBootstrapKey(handle: DbHandle, secret: string): Promise<void> {
  const keyHash = hashKey(secret);
  await upsertAdminKey(handle, {
    name: `bootstrap-${keyHash.slice(0, 8)}`,
    prefix: secret.slice(0, 10),
    keyHash,
  });
}

/** Resolves a presented key to its scope, or null when unknown or revoked. */
export async function verifyApiKey(
  handle: DbHandle,
  key: string,
): Promise<{ id: number; scope: Scope } | null> {
  const row = await findApiKeyByHash(handle, hashKey(key));
  if (!row || row.revokedAt) return null;
  return { id: row.id, scope: row.scope };
}

function toInfo(row: ApiKeyRow): ApiKeyInfo {
  return {
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}
