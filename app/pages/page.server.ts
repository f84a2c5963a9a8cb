/**
 * The page edge, as app/api/route.server.ts is the API's: loaders and actions of pages run through
 * `page(…)`, which hands them the app context and turns a domain `AppError` into the HTTP status
 * of its code (a missing experiment is a 404 page, not a 500). The root error boundary renders it.
 * Anything else is a bug: it propagates, React Router answers 500, and entry.server's handleError
 * logs its stack.
 */
import { data } from "react-router";
import { type AppContext, getContext } from "#app/server/context.server";
import { AppError } from "#lib/errors";

/** What the error boundary receives for a domain error: safe to show, never a stack. */
export interface PageErrorData {
  code: string;
  message: string;
}

export function toPageError(error: unknown): unknown {
  if (!(error instanceof AppError) || error.status >= 500) return error;
  return data<PageErrorData>({ code: error.code, message: error.message }, { status: error.status });
}

export function page<Args, Result>(
  handler: (args: Args, ctx: AppContext) => Promise<Result>,
): (args: Args) => Promise<Result> {
  return async (args) => {
    const ctx = await getContext();
    try {
      return await handler(args, ctx);
    } catch (error) {
      throw toPageError(error);
    }
  };
}
