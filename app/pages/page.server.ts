/**
 * The page edge, as app/api/route.server.ts is the API's: loaders and actions of pages run through
 * `page(…)`, which hands them the app context and turns a domain `AppError` into the HTTP status
 * of its code (a missing experiment is a 404 page, not a 500). The root error boundary renders it.
 * Anything else is a bug: it propagates, React Router answers 500, and entry.server's handleError
 * logs its stack.
 */
import { data } from "react-router";
import { type AppContext, getContext } from "#app/server/context.server";
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

export function page<Args, Result>(
  handler: (args: Args, ctx: AppContext) => Promise<Result>,
): (args: Args) => Promise<Result> {
  return async (args) => {
    const ctx = await getContext();
    try {
      return await withDeadline(ctx.dbDeadlineMs ?? 0, () => handler(args, ctx));
    } catch (error) {
      throw toPageError(error);
    }
  };
}
