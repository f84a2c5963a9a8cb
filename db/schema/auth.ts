import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import type { ApiKeyScope, UserRole } from "#lib/vocabulary";

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

/**
 * Dashboard users. The email is stored lower-cased (one account per address, whatever its case);
 * the password as a self-describing scrypt string (app/services/password-hash.ts), null for a user
 * who can only sign in through a one-time link or the trusted proxy.
 */
export const users = pgTable(
  "users",
  {
    id: serial().primaryKey(),
    email: text().notNull().unique(),
    role: text().$type<UserRole>().notNull(),
    passwordHash: text("password_hash"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
  },
  (t) => [check("users_role_check", sql`${t.role} in ('viewer', 'editor', 'admin')`)],
);

/**
 * Signed-in sessions, kept server-side so sign-out and disabling a user end them at once. Only a
 * SHA-256 of the cookie's random token is stored: a copy of the table signs nobody in.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: serial().primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    // The absolute limit; the idle limit is lastSeenAt + the idle timeout.
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Single-use sign-in links (the first-start link): the SHA-256 of the token, consumed once. */
export const loginTokens = pgTable("login_tokens", {
  id: serial().primaryKey(),
  tokenHash: text("token_hash").notNull().unique(),
  userId: integer("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
});
