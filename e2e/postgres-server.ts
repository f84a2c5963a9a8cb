/**
 * Playwright's second server: the production build (built by the first server's `npm start`)
 * on a throw-away PostgreSQL database created on the server behind E2E_POSTGRES_URL, with the
 * jobs running in the process and the demo seeded, as `npm start` does on PGlite. Playwright
 * stops it with SIGTERM: the app shuts down, then the database is dropped.
 */
import { spawn } from "node:child_process";
import { createThrowawayPostgres } from "#test/throwaway-database";

const adminUrl = process.env.E2E_POSTGRES_URL;
if (!adminUrl) throw new Error("E2E_POSTGRES_URL is not set");

const database = await createThrowawayPostgres(adminUrl, "northstar_e2e", 1);
await database.handle.close();

const server = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: database.url, NORTHSTAR_JOBS: "inline", NORTHSTAR_DEMO_DATA: "on" },
});

let dropping = false;
async function dropAndExit(code: number) {
  if (dropping) return;
  dropping = true;
  await database.drop().catch((error: unknown) => console.error("could not drop the e2e database", error));
  process.exit(code);
}

server.on("exit", (code) => void dropAndExit(code ?? 0));
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  // The server receives the signal too (same process group) and shuts down; its exit drops the database.
  process.on(signal, () => {
    if (server.exitCode === null) server.kill(signal);
  });
}
