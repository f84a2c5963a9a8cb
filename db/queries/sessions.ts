import { and, eq, gt, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { loginTokens, sessions, users } from "#db/schema";
import type { UserRow } from "./users";

export async function insertSession(handle: DbHandle, values: typeof sessions.$inferInsert): Promise<void> {
  await handle.db.insert(sessions).values(values);
}

/** The session with this token hash and its user, whatever their state (the caller judges expiry). */
export async function findSession(
  handle: DbHandle,
  tokenHash: string,
): Promise<{ id: number; lastSeenAt: Date; expiresAt: Date; user: UserRow } | undefined> {
  const [row] = await handle.db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash))
    .limit(1);
  return (
    row && {
      id: row.session.id,
      lastSeenAt: row.session.lastSeenAt,
      expiresAt: row.session.expiresAt,
      user: row.user,
    }
  );
}

export async function touchSession(handle: DbHandle, id: number, at: Date): Promise<void> {
  await handle.db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
}

export async function deleteSessionByHash(handle: DbHandle, tokenHash: string): Promise<void> {
  await handle.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSessionById(handle: DbHandle, id: number): Promise<void> {
  await handle.db.delete(sessions).where(eq(sessions.id, id));
}

/** Signs a user out everywhere (disabled, demoted, or a new password). */
export async function deleteUserSessions(handle: DbHandle, userId: number): Promise<void> {
  await handle.db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Forgets sessions past either limit, so the table does not grow with every sign-in. */
export async function deleteExpiredSessions(handle: DbHandle, now: Date, idleSince: Date): Promise<void> {
  await handle.db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleSince)));
}

/** Forgets sign-in link tokens that can no longer be used (expired, or used already). */
export async function deleteSpentLoginTokens(handle: DbHandle, now: Date): Promise<void> {
  await handle.db
    .delete(loginTokens)
    .where(or(lt(loginTokens.expiresAt, now), isNotNull(loginTokens.usedAt)));
}

export async function insertLoginToken(
  handle: DbHandle,
  values: typeof loginTokens.$inferInsert,
): Promise<void> {
  await handle.db.insert(loginTokens).values(values);
}

/**
 * Marks an unused, unexpired token used and returns its user id; undefined when it is unknown, used
 * or expired. One UPDATE, so two requests racing with the same link cannot both win.
 */
export async function consumeLoginToken(
  handle: DbHandle,
  tokenHash: string,
  now: Date,
): Promise<number | undefined> {
  const [row] = await handle.db
    .update(loginTokens)
    .set({ usedAt: now })
    .where(
      and(eq(loginTokens.tokenHash, tokenHash), isNull(loginTokens.usedAt), gt(loginTokens.expiresAt, now)),
    )
    .returning({ userId: loginTokens.userId });
  return row?.userId;
}
