/** The API keys page: every key without its secret, a new key's secret once, revoking. */
import { formText } from "#app/pages/form-data";
import type { AppContext } from "#app/server/context.server";
import { SCOPES, createApiKey, listApiKeys, revokeApiKey } from "#app/services/api-keys.server";
import { AppError, invalidInput, notFound } from "#lib/errors";

export async function apiKeysPage(ctx: AppContext) {
  const keys = await listApiKeys(ctx.db);
  return {
    scopes: SCOPES,
    keys: keys.map((k) => ({
      name: k.name,
      prefix: k.prefix,
      scope: k.scope,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revoked: k.revokedAt !== null,
    })),
  };
}

export async function apiKeysAction(ctx: AppContext, form: FormData) {
  const intent = formText(form, "intent");
  const name = formText(form, "name") ?? "";
  try {
    if (intent === "create") {
      if (!/^[\w.-]{1,64}$/.test(name))
        throw invalidInput("Invalid name", [
          { path: "name", message: "1–64 letters, digits, '.', '_' or '-'" },
        ]);
      const scope = SCOPES.find((s) => s === formText(form, "scope"));
      if (!scope)
        throw invalidInput("Invalid scope", [{ path: "scope", message: `must be ${SCOPES.join(" or ")}` }]);
      const { key, info } = await createApiKey(ctx.db, { name, scope });
      // The only response that ever carries the secret; the page shows it once and never again.
      return { created: { name: info.name, scope: info.scope, key } };
    }
    if (intent === "revoke") {
      if (!(await revokeApiKey(ctx.db, name, ctx.now()))) throw notFound(`No active key named "${name}"`);
      return { revoked: name };
    }
    throw invalidInput(`Unknown action "${intent ?? ""}"`);
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    const errors: Record<string, string> = {};
    for (const d of error.details ?? []) errors[d.path] ??= d.message;
    return { error: error.message, errors, status: error.status };
  }
}
