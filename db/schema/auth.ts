import { sql } from "drizzle-orm";
import { check, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import type { ApiKeyScope } from "#lib/vocabulary";

/** API keys: only a SHA-256 of the secret is stored; the clear key is shown once at creation. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: serial().primaryKey(),
    name: text().notNull().unique(),
    // First characters of the key, so a user can tell keys apart in `keys list` without the secret.
    prefix: text().notNull(),
    keyHash: text("key_hash").notNull().unique(),
    scope: text().$type<ApiKeyScope>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [check("api_keys_scope_check", sql`${t.scope} in ('admin', 'ingest')`)],
);
