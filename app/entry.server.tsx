import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import { isbot } from "isbot";
import type { RenderToPipeableStreamOptions } from "react-dom/server";
import { renderToPipeableStream } from "react-dom/server";
import type { EntryContext, HandleErrorFunction } from "react-router";
import { ServerRouter, isRouteErrorResponse } from "react-router";
import { EnvError, env } from "./env.server";
import { getContext } from "#app/server/context.server";
import { describeError } from "#lib/errors";

// Startup, not first request: a bad environment stops the server with a message naming the
// variable, and the database is opened and migrated before traffic arrives (scripts/serve.ts
// awaits `ready` before it listens).
try {
  env();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
export const ready = getContext();

// The server front (scripts/serve.ts) runs these before React Router sees a request.
export { guardApiRequest } from "#app/api/guard.server";
export { acceptRequestId } from "#app/api/request-id";

export const streamTimeout = 5_000;

/**
 * A loader, action or render that failed with something other than a domain error: the page shows
 * a plain 500, and the log keeps the message and stack.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  // Aborted requests and the router's own 4xx answers (no route matches) are not failures.
  if (request.signal.aborted || isRouteErrorResponse(error)) return;
  void ready.then((ctx) =>
    ctx.log.error("request failed", {
      requestId: request.headers.get("x-request-id") ?? undefined,
      method: request.method,
      // The path only: query strings carry user input, which stays out of the log.
      path: new URL(request.url).pathname,
      ...describeError(error),
    }),
  );
};

/** React Router's default Node entry (@react-router/dev's entry.server.node.tsx). */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
) {
  if (request.method.toUpperCase() === "HEAD") {
    return new Response(null, { status: responseStatusCode, headers: responseHeaders });
  }
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const userAgent = request.headers.get("user-agent");

    const readyOption: keyof RenderToPipeableStreamOptions =
      (userAgent && isbot(userAgent)) || routerContext.isSpaMode ? "onAllReady" : "onShellReady";

    let timeoutId: ReturnType<typeof setTimeout> | undefined = setTimeout(
      () => abort(),
      streamTimeout + 1000,
    );

    const { pipe, abort } = renderToPipeableStream(
      <ServerRouter context={routerContext} url={request.url} />,
      {
        [readyOption]() {
          shellRendered = true;
          const body = new PassThrough({
            final(callback) {
              clearTimeout(timeoutId);
              timeoutId = undefined;
              callback();
            },
          });
          const stream = createReadableStreamFromReadable(body);

          responseHeaders.set("Content-Type", "text/html");

          pipe(body);

          resolve(
            new Response(stream, {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) {
            console.error(error);
          }
        },
      },
    );
  });
}
