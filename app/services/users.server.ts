/** Dashboard users: creation, roles, disabling, and the admin that automation or a first start needs. */
import type { DbHandle } from "#db/client";
import { deleteUserSessions } from "#db/queries/sessions";
import {
  type UserRow,
  countOtherActiveAdmins,
  countUsers,
  findUserByEmail,
  insertUser,
  listUsers as listUserRows,
  setUserDisabled,
  updateUserPassword,
  updateUserRole,
  upsertAdminUser,
} from "#db/queries/users";
import { conflict, invalidInput, notFound } from "#lib/errors";
import { USER_ROLES, type UserRole } from "#lib/vocabulary";
import { hashPassword, verifyPassword } from "./password-hash";

export const MIN_PASSWORD_LENGTH = 12;
export const ROLES = USER_ROLES;

/** The account the first start creates when there is nobody yet; it signs in through a one-time link. */
export const FIRST_ADMIN_EMAIL = "admin@localhost";

export interface UserInfo {
  email: string;
  role: UserRole;
  hasPassword: boolean;
  createdAt: Date;
  disabledAt: Date | null;
}

/** Lower-cased and trimmed; a 400 naming the field when it is not an address. */
export function normalizeEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  // Deliberately loose: "admin@localhost" is a fine account name on a team's own server.
  if (!/^[^\s@]+@[^\s@]+$/.test(normalized) || normalized.length > 254) {
    throw invalidInput("Invalid email", [{ path: "email", message: "must be an email address" }]);
  }
  return normalized;
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalidInput("Password too short", [
      { path: "password", message: `must be at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
  }
}

export function parseRole(role: string): UserRole {
  const found = USER_ROLES.find((r) => r === role);
  if (!found)
    throw invalidInput("Invalid role", [
      { path: "role", message: `must be one of ${USER_ROLES.join(", ")}` },
    ]);
  return found;
}

export async function createUser(
  handle: DbHandle,
  input: { email: string; role: UserRole; password: string | null },
): Promise<UserInfo> {
  const email = normalizeEmail(input.email);
  if (input.password !== null) checkPassword(input.password);
  const passwordHash = input.password === null ? null : await hashPassword(input.password);
  const row = await insertUser(handle, { email, role: input.role, passwordHash });
  if (!row)
    throw conflict(`A user with the email "${email}" exists`, [{ path: "email", message: "is taken" }]);
  return toInfo(row);
}

export async function listUsers(handle: DbHandle): Promise<UserInfo[]> {
  return (await listUserRows(handle)).map(toInfo);
}

export async function findUser(handle: DbHandle, email: string): Promise<UserRow | undefined> {
  return findUserByEmail(handle, email.trim().toLowerCase());
}

/** Refuses to leave the dashboard without an active admin. */
async function keepAnAdmin(handle: DbHandle, user: UserRow) {
  if (user.role === "admin" && !user.disabledAt && (await countOtherActiveAdmins(handle, user.id)) === 0) {
    throw conflict("This is the last active admin; make another user admin first");
  }
}

export async function setUserRole(handle: DbHandle, email: string, role: UserRole): Promise<UserInfo> {
  return handle.transaction(async (tx) => {
    const user = await findUser(tx, email);
    if (!user) throw notFound(`No user "${email}"`);
    if (role !== "admin") await keepAnAdmin(tx, user);
    const row = await updateUserRole(tx, user.email, role);
    if (!row) throw notFound(`No user "${email}"`);
    return toInfo(row);
  });
}

/** Disables the user and ends their sessions at once; `enabled: true` lets them sign in again. */
export async function setUserEnabled(
  handle: DbHandle,
  email: string,
  enabled: boolean,
  now: Date,
): Promise<UserInfo> {
  return handle.transaction(async (tx) => {
    const user = await findUser(tx, email);
    if (!user) throw notFound(`No user "${email}"`);
    if (!enabled) await keepAnAdmin(tx, user);
    const row = await setUserDisabled(tx, user.email, enabled ? null : now);
    if (!row) throw notFound(`No user "${email}"`);
    if (!enabled) await deleteUserSessions(tx, row.id);
    return toInfo(row);
  });
}

/** Sets a new password and signs the user out everywhere else. */
export async function setUserPassword(handle: DbHandle, email: string, password: string): Promise<void> {
  checkPassword(password);
  const user = await findUser(handle, email);
  if (!user) throw notFound(`No user "${email}"`);
  const passwordHash = await hashPassword(password);
  await handle.transaction(async (tx) => {
    await updateUserPassword(tx, user.id, passwordHash);
    await deleteUserSessions(tx, user.id);
  });
}

/**
 * NORTHSTAR_ADMIN_EMAIL + NORTHSTAR_ADMIN_PASSWORD: makes sure that account exists as an active
 * admin with that password. Idempotent across restarts; does not re-hash an unchanged password.
 */
export async function ensureAdminUser(handle: DbHandle, email: string, password: string): Promise<void> {
  checkPassword(password);
  const normalized = normalizeEmail(email);
  const existing = await findUserByEmail(handle, normalized);
  if (
    existing?.role === "admin" &&
    !existing.disabledAt &&
    existing.passwordHash &&
    (await verifyPassword(password, existing.passwordHash))
  ) {
    return;
  }
  await upsertAdminUser(handle, normalized, await hashPassword(password));
}

/**
 * A first start with nobody to sign in: creates the admin that the printed one-time link signs in.
 * Returns that admin when it was created now (or still has no password, so it needs a new link).
 */
export async function firstAdminNeedingLink(handle: DbHandle): Promise<UserRow | null> {
  if ((await countUsers(handle)) === 0) {
    await insertUser(handle, { email: FIRST_ADMIN_EMAIL, role: "admin", passwordHash: null });
  }
  const users = await listUserRows(handle);
  const canSignIn = users.some((u) => u.role === "admin" && !u.disabledAt && u.passwordHash);
  if (canSignIn) return null;
  return users.find((u) => u.role === "admin" && !u.disabledAt) ?? null;
}

function toInfo(row: UserRow): UserInfo {
  return {
    email: row.email,
    role: row.role,
    hasPassword: row.passwordHash !== null,
    createdAt: row.createdAt,
    disabledAt: row.disabledAt,
  };
}
