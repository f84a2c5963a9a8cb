/**
 * Server-side sessions and one-time sign-in links. The browser holds a random 32-byte token; the
 * database holds only its SHA-256 (like API keys: a high-entropy secret needs no slow hash). A
 * session ends at sign-out, when its user is disabled or gets a new password, after IDLE_MS without
 * a request, and ABSOLUTE_MS after sign-in whatever happens.
 */
import { createHash, randomBytes } from "node:crypto";
import type { DbHandle } from "#db/client";
import {
  consumeLoginToken,
  deleteExpiredSessions,
  deleteSessionByHash,
  deleteSessionById,
  findSession,
  deleteSpentLoginTokens,
  insertLoginToken,
  insertSession,
  touchSession,
} from "#db/queries/sessions";
import { findUserByEmail, type UserRow, updateUserPassword } from "#db/queries/users";
import type { UserRole } from "#lib/vocabulary";
import { hashPassword, needsRehash, verifyNothing, verifyPassword } from "./password-hash";

export const IDLE_MS = 12 * 60 * 60 * 1000;
export const ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
export const LOGIN_LINK_MS = 24 * 60 * 60 * 1000;
// Writing lastSeenAt on every request would add a write to each page view; a minute's precision is enough.
const TOUCH_INTERVAL_MS = 60_000;

/** Who is signed in, as every page and check sees them. */
export interface SignedInUser {
  id: number;
  email: string;
  role: UserRole;
}

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");
const newToken = () => randomBytes(32).toString("base64url");

/** Starts a session; returns the token for the cookie (the only place it exists in clear). */
export async function createSession(handle: DbHandle, userId: number, now: Date): Promise<string> {
  const token = newToken();
  await insertSession(handle, {
    tokenHash: sha256(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + ABSOLUTE_MS),
  });
  // Sweeping here keeps the table small without a job of its own.
  await deleteExpiredSessions(handle, now, new Date(now.getTime() - IDLE_MS));
  return token;
}

/** The user of a live session, or null (unknown, expired, idle too long, or user disabled). */
export async function resolveSession(
  handle: DbHandle,
  token: string,
  now: Date,
): Promise<SignedInUser | null> {
  const session = await findSession(handle, sha256(token));
  if (!session) return null;
  const idle = now.getTime() - session.lastSeenAt.getTime() > IDLE_MS;
  if (idle || session.expiresAt <= now || session.user.disabledAt) {
    await deleteSessionById(handle, session.id);
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS)
    await touchSession(handle, session.id, now);
  return toSignedIn(session.user);
}

export async function revokeSession(handle: DbHandle, token: string): Promise<void> {
  await deleteSessionByHash(handle, sha256(token));
}

/**
 * Checks an email and password. An unknown email costs as much time as a wrong password, so the
 * answer's timing does not tell which accounts exist. A password stored with older scrypt
 * parameters is re-hashed with today's.
 */
export async function checkCredentials(
  handle: DbHandle,
  email: string,
  password: string,
): Promise<SignedInUser | null> {
  const user = await findUserByEmail(handle, email.trim().toLowerCase());
  if (!user?.passwordHash) {
    await verifyNothing(password);
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash)) || user.disabledAt) return null;
  if (needsRehash(user.passwordHash)) await updateUserPassword(handle, user.id, await hashPassword(password));
  return toSignedIn(user);
}

/** A single-use sign-in link's token for this user, valid LOGIN_LINK_MS. */
export async function createLoginLink(handle: DbHandle, userId: number, now: Date): Promise<string> {
  const token = newToken();
  await insertLoginToken(handle, {
    tokenHash: sha256(token),
    userId,
    expiresAt: new Date(now.getTime() + LOGIN_LINK_MS),
  });
  // As for sessions: sweeping here keeps the table small without a job of its own.
  await deleteSpentLoginTokens(handle, now);
  return token;
}

/** Uses up a sign-in link's token; the user id when it was valid, else null. */
export async function redeemLoginLink(handle: DbHandle, token: string, now: Date): Promise<number | null> {
  return (await consumeLoginToken(handle, sha256(token), now)) ?? null;
}

function toSignedIn(user: UserRow): SignedInUser {
  return { id: user.id, email: user.email, role: user.role };
}

/** The active user a trusted SSO proxy vouches for by email (NORTHSTAR_TRUSTED_PROXY_HEADER). */
export async function userByTrustedEmail(handle: DbHandle, email: string): Promise<SignedInUser | null> {
  const user = await findUserByEmail(handle, email.trim().toLowerCase());
  return user && !user.disabledAt ? toSignedIn(user) : null;
}
