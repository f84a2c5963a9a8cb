/** Shared pieces of the benchmarks: a throw-away database, env knobs, timing and memory. */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { type DbHandle, openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";

export const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/test";

export function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw.replaceAll("_", ""));
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer in ${min}…${max} (got "${raw}")`);
  }
  return value;
}

export interface BenchDatabase {
  handle: DbHandle;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database on the server behind `adminUrl`; drop() removes it. */
export async function createBenchDatabase(adminUrl: string, prefix: string): Promise<BenchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  const handle = await openDatabase({ url: url.toString(), maxConnections: 4 });
  try {
    await runMigrations(handle);
  } catch (error) {
    await handle.close().catch(() => {});
    await drop();
    throw error;
  }
  return {
    handle,
    url: url.toString(),
    async drop() {
      await handle.close().catch(() => {});
      await drop();
    },
  };
}

/** Runs `fn` and returns its result with the wall time in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/** This process's peak resident set size, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}
