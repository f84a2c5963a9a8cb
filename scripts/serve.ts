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

const BUILD_DIR = path.resolve("build");

type NorthstarBuild = ServerBuild & { entry: { module: { ready: Promise<AppContext> } } };

const build = (await import(
  pathToFileURL(path.join(BUILD_DIR, "server", "index.js")).href
)) as NorthstarBuild;
const ctx = await build.entry.module.ready;

const app = express();
app.disable("x-powered-by");
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
