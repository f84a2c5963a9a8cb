/** The users page: who may sign in with which role, and the admin's changes to that. */
import { formText } from "#app/pages/form-data";
import type { AppContext } from "#app/server/context.server";
import {
  createUser,
  listUsers,
  parseRole,
  setUserEnabled,
  setUserPassword,
  setUserRole,
} from "#app/services/users.server";
import { AppError, invalidInput } from "#lib/errors";
import { USER_ROLES } from "#lib/vocabulary";

export async function usersPage(ctx: AppContext, me: string) {
  const users = await listUsers(ctx.db);
  return {
    me,
    roles: USER_ROLES,
    users: users.map((u) => ({
      email: u.email,
      role: u.role,
      hasPassword: u.hasPassword,
      createdAt: u.createdAt.toISOString(),
      disabled: u.disabledAt !== null,
    })),
  };
}

/** One form post of the page, told apart by `intent`; a bad field comes back as `errors[field]`. */
export async function usersAction(ctx: AppContext, form: FormData) {
  const intent = formText(form, "intent");
  const email = formText(form, "email") ?? "";
  try {
    switch (intent) {
      case "create": {
        const created = await createUser(ctx.db, {
          email,
          role: parseRole(formText(form, "role") ?? ""),
          password: formText(form, "password") ?? "",
        });
        return { done: `Created ${created.email} (${created.role}).` };
      }
      case "role": {
        const user = await setUserRole(ctx.db, email, parseRole(formText(form, "role") ?? ""));
        return { done: `${user.email} is now ${user.role}.` };
      }
      case "disable":
      case "enable": {
        const user = await setUserEnabled(ctx.db, email, intent === "enable", ctx.now());
        return { done: `${user.email} is ${user.disabledAt ? "disabled and signed out" : "enabled"}.` };
      }
      case "password":
        await setUserPassword(ctx.db, email, formText(form, "password") ?? "");
        return { done: `New password set for ${email}; their other sessions have ended.` };
      default:
        throw invalidInput(`Unknown action "${intent ?? ""}"`);
    }
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    const errors: Record<string, string> = {};
    for (const d of error.details ?? []) errors[d.path] ??= d.message;
    return { error: error.message, errors, status: error.status };
  }
}
