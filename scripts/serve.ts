/**
 * `npm start`'s server: the production build on express, listening only once the database is open,
 * migrated and seeded, so the announced URL answers at once. The app's own startup (environment
 * check, database — waited for while it is unavailable —, jobs, SIGTERM/SIGINT shutdown) lives in
 * the build's entry module; this file only waits for it and serves HTTP.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@react-router/express";
import express, { type NextFunction, type Request, type Response } from "express";
import type { ServerBuild } from "react-router";
import type { AppContext } from "#app/server/context.server";
import { CLIENT_ADDRESS_HEADER } from "#app/auth/client-address";
import { env } from "#app/env.server";

const BUILD_DIR = path.resolve("build");

type NorthstarBuild = ServerBuild & {
  entry: {
    module: {
      ready: Promise<AppContext>;
      guardApiRequest(method: string, url: string): globalThis.Response | null;
      acceptRequestId(value: string | undefined): string;
    };
  };
};

const build = (await import(
  pathToFileURL(path.join(BUILD_DIR, "server", "index.js")).href
)) as NorthstarBuild;
const { ready, guardApiRequest, acceptRequestId } = build.entry.module;
const ctx = await ready;

const app = express();
app.disable("x-powered-by");
// Behind a proxy that sets X-Forwarded-Proto/-For: https then gives Secure cookies, and the sign-in
// rate limit counts the real client. Off by default: anyone could send those headers.
app.set("trust proxy", env().NORTHSTAR_TRUST_PROXY === "on");
app.use((req, res, next) => {
  // Every response, API and assets included (pages add their CSP in app/entry.server.tsx).
  res.set({
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
  });
  // The address the rate limiter counts: set here from the socket (or trusted proxy), never from the client.
  req.headers[CLIENT_ADDRESS_HEADER] = req.ip ?? "unknown";
  next();
});
// Every request carries an id, the caller's X-Request-Id if sane: logged with any failure, sent back.
app.use((req, res, next) => {
  const id = acceptRequestId(req.get("x-request-id"));
  req.headers["x-request-id"] = id;
  res.setHeader("X-Request-Id", id);
  next();
});
// /api/v1 answers JSON even to what React Router cannot represent (bad percent-encoding, TRACE).
app.use("/api/v1", (req, res, next) => {
  const answer = guardApiRequest(req.method, req.originalUrl);
  if (!answer) return next();
  void send(answer, res).catch(next);
});
// Hashed file names under /assets never change: cache them for a year; the rest briefly.
app.use(
  "/assets",
  express.static(path.join(BUILD_DIR, "client", "assets"), { immutable: true, maxAge: "1y" }),
);
app.use(express.static(path.join(BUILD_DIR, "client"), { maxAge: "1h" }));
app.use(createRequestHandler({ build, mode: process.env.NODE_ENV }));
// Whatever still escapes (a bug): logged without the request's body, and JSON on the API.
app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
  ctx.log.error("request failed before the app", {
    requestId: req.get("x-request-id"),
    method: req.method,
    path: req.path,
    error: error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500),
  });
  if (res.headersSent) return next(error);
  const api = req.originalUrl.startsWith("/api/v1");
  res.status(500);
  if (api) res.json({ error: { code: "INTERNAL", message: "Internal error; it has been logged" } });
  else res.type("text/plain").send("Internal error; it has been logged");
});

async function send(answer: globalThis.Response, res: Response) {
  res.status(answer.status);
  answer.headers.forEach((value, key) => {
    res.setHeader(key, value);
  });
  res.end(Buffer.from(await answer.arrayBuffer()));
}

// Already validated by the app's startup; empty means unset, as there.
const port = Number(process.env.PORT || 3000);
const server = app.listen(port, () => {
  ctx.log.info("listening", { url: `http://localhost:${port}` });
});
server.on("error", (error) => {
  ctx.log.error("could not listen", { port, error: error.message });
  process.exit(1);
});
