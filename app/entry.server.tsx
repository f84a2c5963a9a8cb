import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import { isbot } from "isbot";
import type { RenderToPipeableStreamOptions } from "react-dom/server";
import { renderToPipeableStream } from "react-dom/server";
import type { EntryContext, HandleErrorFunction } from "react-router";
import { ServerRouter, isRouteErrorResponse } from "react-router";
import { EnvError, env } from "./env.server";
import { NonceContext } from "#app/components/nonce";
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

/**
 * The pages' Content Security Policy: scripts only from this origin or inline with this response's
 * nonce (React Router's hydration data and its module loader), no plugins, no framing by other
 * sites (clickjacking), forms posting only here. Styles allow inline attributes: the charts set
 * positions in `style`, which cannot run code.
 */
function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** React Router's default Node entry (@react-router/dev's entry.server.node.tsx), plus the CSP nonce. */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
) {
  const nonce = randomBytes(16).toString("base64");
  responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce));
  // Pages show data for the signed-in user: no shared cache may keep them.
  responseHeaders.set("Cache-Control", "private, no-store");
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
      <NonceContext.Provider value={nonce}>
        <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
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
