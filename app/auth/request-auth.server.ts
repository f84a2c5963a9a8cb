/** Who sent a request, and whether a form post really comes from the dashboard's own pages. */
import { env } from "#app/env.server";
import type { AppContext } from "#app/server/context.server";
import { type SignedInUser, resolveSession, userByTrustedEmail } from "#app/services/sessions.server";
import { AppError } from "#lib/errors";
import { sessionToken } from "./session-cookie.server";

/**
 * The signed-in user: from the session cookie, or — when NORTHSTAR_TRUSTED_PROXY_HEADER names a
 * header an SSO proxy sets — from the email in that header (the user must exist and be active).
 */
export async function currentUser(request: Request, ctx: AppContext): Promise<SignedInUser | null> {
  const proxyHeader = env().NORTHSTAR_TRUSTED_PROXY_HEADER;
  const proxied = proxyHeader ? request.headers.get(proxyHeader) : null;
  if (proxied) return userByTrustedEmail(ctx.db, proxied);
  const token = sessionToken(request);
  return token ? resolveSession(ctx.db, token, ctx.now()) : null;
}

/**
 * CSRF defence for every form action, on top of the SameSite=Lax cookie: the browser must say the
 * post comes from this origin — `Sec-Fetch-Site: same-origin` (all current browsers send it), or,
 * from older ones, an `Origin` equal to the dashboard's. A post that says neither is refused too:
 * forms are only ever posted by browsers.
 */
export function checkSameOrigin(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site) {
    if (site === "same-origin") return;
    throw new AppError(
      "FORBIDDEN",
      "This form was posted from another site; open the page here and try again",
    );
  }
  const origin = request.headers.get("origin");
  if (origin && origin === new URL(request.url).origin) return;
  throw new AppError(
    "FORBIDDEN",
    "This form post did not say where it came from; open the page here and try again",
  );
}
