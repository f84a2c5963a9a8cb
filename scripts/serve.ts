/**
 * `npm start`'s server: the production build on express, listening only once the database is open,
 * migrated and seeded, so the announced URL answers at once. The app's own startup (environment
 * check, database, jobs, SIGTERM/SIGINT shutdown) lives in the build's entry module; this file only
 * waits for it and serves HTTP.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@react-router/express";
import express from "express";
import type { ServerBuild } from "react-router";
import type { AppContext } from "#app/server/context.server";
import { CLIENT_ADDRESS_HEADER } from "#app/auth/client-address";
import { env } from "#app/env.server";

const BUILD_DIR = path.resolve("build");

type NorthstarBuild = ServerBuild & { entry: { module: { ready: Promise<AppContext> } } };

const build = (await import(
  pathToFileURL(path.join(BUILD_DIR, "server", "index.js")).href
)) as NorthstarBuild;
const ctx = await build.entry.module.ready;

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
// Hashed file names under /assets never change: cache them for a year; the rest briefly.
app.use(
  "/assets",
  express.static(path.join(BUILD_DIR, "client", "assets"), { immutable: true, maxAge: "1y" }),
);
app.use(express.static(path.join(BUILD_DIR, "client"), { maxAge: "1h" }));
app.use(createRequestHandler({ build, mode: process.env.NODE_ENV }));

// Already validated by the app's startup; empty means unset, as there.
const port = Number(process.env.PORT || 3000);
const server = app.listen(port, () => {
  ctx.log.info("listening", { url: `http://localhost:${port}` });
});
server.on("error", (error) => {
  ctx.log.error("could not listen", { port, error: error.message });
  process.exit(1);
});
