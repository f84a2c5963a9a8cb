import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { users } from "#db/schema";
import type { UserRole } from "#lib/vocabulary";

export type UserRow = typeof users.$inferSelect;

/** Inserts a user; undefined when the email is taken. */
export async function insertUser(
  handle: DbHandle,
  values: { email: string; role: UserRole; passwordHash: string | null },
): Promise<UserRow | undefined> {
  const [row] = await handle.db.insert(users).values(values).onConflictDoNothing().returning();
  return row;
}

/** Creates the admin with this email, or makes the existing account an active admin with this password. */
export async function upsertAdminUser(
  handle: DbHandle,
  email: string,
  passwordHash: string,
): Promise<UserRow> {
  const [row] = await handle.db
    .insert(users)
    .values({ email, role: "admin", passwordHash })
    .onConflictDoUpdate({ target: users.email, set: { role: "admin", passwordHash, disabledAt: null } })
    .returning();
  if (!row) throw new Error("upsert returned no row");
  return row;
}

export async function findUserByEmail(handle: DbHandle, email: string): Promise<UserRow | undefined> {
  const [row] = await handle.db.select().from(users).where(eq(users.email, email)).limit(1);
  return row;
}

/** Oldest first. */
export async function listUsers(handle: DbHandle): Promise<UserRow[]> {
  return handle.db.select().from(users).orderBy(users.id);
}

export async function countUsers(handle: DbHandle): Promise<number> {
  const [row] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

/** Active admins other than `exceptId`: the last one may not be demoted or disabled. */
export async function countOtherActiveAdmins(handle: DbHandle, exceptId: number): Promise<number> {
  const [row] = await handle.db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt), sql`${users.id} <> ${exceptId}`));
  return row?.n ?? 0;
}

export async function updateUserRole(
  handle: DbHandle,
  email: string,
  role: UserRole,
): Promise<UserRow | undefined> {
  const [row] = await handle.db.update(users).set({ role }).where(eq(users.email, email)).returning();
  return row;
}

export async function updateUserPassword(handle: DbHandle, id: number, passwordHash: string): Promise<void> {
  await handle.db.update(users).set({ passwordHash }).where(eq(users.id, id));
}

/** Disables (at `now`) or re-enables (null) the user; undefined when there is no such user. */
export async function setUserDisabled(
  handle: DbHandle,
  email: string,
  at: Date | null,
): Promise<UserRow | undefined> {
  const [row] = await handle.db
    .update(users)
    .set({ disabledAt: at })
    .where(eq(users.email, email))
    .returning();
  return row;
}
