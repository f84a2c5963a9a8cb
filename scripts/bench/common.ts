/** Shared pieces of the benchmarks: a throw-away database, env knobs, timing and memory. */

// The benchmarks' databases come from the same helper as the tests' (4 connections by default).
export {
  createThrowawayPostgres as createBenchDatabase,
  type ThrowawayPostgres as BenchDatabase,
} from "#test/throwaway-database";

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
