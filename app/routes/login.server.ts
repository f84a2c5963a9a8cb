/** Signing in and out: credentials or a one-time link → a session cookie → the page asked for. */
import { data, redirect } from "react-router";
import { clearedSessionCookie, sessionCookie, sessionToken } from "#app/auth/session-cookie.server";
import { clientAddress } from "#app/auth/client-address";
import { signInLimiter } from "#app/auth/sign-in-limiter";
import type { AppContext } from "#app/server/context.server";
import {
  checkCredentials,
  createSession,
  redeemLoginLink,
  revokeSession,
} from "#app/services/sessions.server";

/**
 * Where to go after signing in: `to` when it is a path on this site, else the overview. An absolute
 * or protocol-relative URL (`//evil.example`, `/\evil.example`) would make the sign-in page an open
 * redirect.
 */
export function safeRedirect(to: string | null | undefined): string {
  if (!to?.startsWith("/") || to.startsWith("//") || to.includes("\\")) return "/";
  const base = "http://northstar.invalid";
  const url = new URL(to, base);
  if (url.origin !== base || url.pathname.startsWith("/login")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/** The sign-in form's post: a redirect with the session cookie, or the reason it failed. */
export async function signIn(ctx: AppContext, request: Request, form: FormData) {
  const email = text(form, "email").trim().toLowerCase();
  const password = text(form, "password");
  const address = clientAddress(request);
  const now = ctx.now().getTime();
  const wait = signInLimiter.retryAfter(email, address, now);
  if (wait > 0) {
    return data(
      {
        error: `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? "s" : ""}.`,
      },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  const user = email && password ? await checkCredentials(ctx.db, email, password) : null;
  if (!user) {
    signInLimiter.failed(email, address, now);
    return data({ error: "Wrong email or password." }, { status: 401 });
  }
  signInLimiter.succeeded(email);
  const token = await createSession(ctx.db, user.id, ctx.now());
  ctx.log.info("signed in", { user: user.email });
  return redirect(safeRedirect(text(form, "redirectTo")), {
    headers: { "Set-Cookie": sessionCookie(request, token) },
  });
}

/** A one-time link (the first start's): signs its user in once, then the link is spent. */
export async function signInWithLink(ctx: AppContext, request: Request, token: string | null) {
  const userId = token ? await redeemLoginLink(ctx.db, token, ctx.now()) : null;
  if (userId === null) return { error: "This sign-in link has been used or has expired." };
  const session = await createSession(ctx.db, userId, ctx.now());
  throw redirect("/settings/users", { headers: { "Set-Cookie": sessionCookie(request, session) } });
}

/** Ends the session server-side (the cookie is useless even if kept) and forgets it in the browser. */
export async function signOut(ctx: AppContext, request: Request) {
  const token = sessionToken(request);
  if (token) await revokeSession(ctx.db, token);
  return redirect("/login", { headers: { "Set-Cookie": clearedSessionCookie(request) } });
}
