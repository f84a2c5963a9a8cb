/**
 * The page edge, as app/api/route.server.ts is the API's: loaders and actions of pages run through
 * `page(name, …)`, which
 * - looks the page up in the one permission table (app/auth/permissions.ts) and checks the role
 *   server-side before the handler runs, for the document and its `.data` request alike: anonymous
 *   visitors are sent to /login (and back afterwards), a signed-in user without the role gets 403;
 * - refuses a form post from another site (CSRF), and any post to a page without a `write` rule;
 * - hands the handler the app context and the signed-in user, and turns a domain `AppError` into
 *   the HTTP status of its code (a missing experiment is a 404 page, not a 500). The root error
 *   boundary renders it. Anything else is a bug: it propagates, React Router answers 500, and
 *   entry.server's handleError logs its stack.
 */
import { data, redirect } from "react-router";
import { PAGE_PERMISSIONS, type PageName, type PageRule, roleAllows } from "#app/auth/permissions";
import { checkSameOrigin, currentUser } from "#app/auth/request-auth.server";
import { type AppContext, getContext } from "#app/server/context.server";
import type { SignedInUser } from "#app/services/sessions.server";
import { isDatabaseUnavailable } from "#db/unavailable";
import { withDeadline } from "#db/deadline";
import { AppError, RETRY_AFTER_SECONDS, serviceUnavailable } from "#lib/errors";

/** What the error boundary receives for a domain error: safe to show, never a stack. */
export interface PageErrorData {
  code: string;
  message: string;
}

export function toPageError(error: unknown): unknown {
  // An unavailable database is not a bug: a calm 503 page, not a logged 500.
  if (isDatabaseUnavailable(error)) error = serviceUnavailable();
  if (!(error instanceof AppError) || (error.status >= 500 && error.code !== "SERVICE_UNAVAILABLE"))
    return error;
  const headers: Record<string, string> =
    error.code === "SERVICE_UNAVAILABLE" ? { "Retry-After": String(RETRY_AFTER_SECONDS) } : {};
  return data<PageErrorData>({ code: error.code, message: error.message }, { status: error.status, headers });
}

/** Where /login sends the visitor back to: the page they asked for, without React Router's `.data` details. */
function askedFor(args: { request: Request; url?: URL }): string {
  const url = args.url ?? new URL(args.request.url);
  return `${url.pathname}${url.search}`;
}

export function page<Args extends { request: Request; url?: URL }, Result>(
  name: PageName,
  handler: (args: Args, ctx: AppContext, user: SignedInUser | null) => Promise<Result> | Result,
): (args: Args) => Promise<Result> {
  const rule: PageRule = PAGE_PERMISSIONS[name];
  return async (args) => {
    const ctx = await getContext();
    try {
      const method = args.request.method.toUpperCase();
      const writing = method !== "GET" && method !== "HEAD";
      const required = writing ? rule.write : rule.read;
      if (!required) throw new AppError("METHOD_NOT_ALLOWED", `This page takes no ${method}`);
      if (writing && !rule.crossSite) checkSameOrigin(args.request);
      return await withDeadline(ctx.dbDeadlineMs ?? 0, async () => {
        const user = await currentUser(args.request, ctx);
        if (!roleAllows(user?.role ?? null, required)) {
          if (!user) throw redirect(`/login?redirectTo=${encodeURIComponent(askedFor(args))}`);
          throw new AppError(
            "FORBIDDEN",
            `This needs the ${required} role; you are signed in as ${user.role}`,
          );
        }
        return handler(args, ctx, user);
      });
    } catch (error) {
      throw toPageError(error);
    }
  };
}
