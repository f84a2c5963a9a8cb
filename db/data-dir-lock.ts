/**
 * One embedded data directory, one process. PGlite keeps the database in memory and writes it back
 * to the directory; a second process opening the same directory works on its own copy, and
 * whatever it writes is lost when the first one writes back (seen: a key made with `npm run keys`
 * while the server ran was gone afterwards). So the opener takes a lock file holding its PID; a
 * second opener fails at once, naming the holder. A lock whose process is gone (a crash, a kill -9)
 * is stale and taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";

export class DataDirectoryInUseError extends Error {
  override readonly name = "DataDirectoryInUseError";
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function holderOf(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the directory's lock; returns its release. Throws DataDirectoryInUseError when a live process holds it. */
export function lockDataDirectory(dataDir: string): () => void {
  const lockPath = path.join(dataDir, "northstar.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // "wx": create only if absent — atomic, so two processes starting together cannot both win.
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => {
        process.off("exit", release);
        if (holderOf(lockPath) === process.pid) unlinkSync(lockPath);
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = holderOf(lockPath);
      if (pid !== null && isAlive(pid)) {
        throw new DataDirectoryInUseError(
          `The embedded database in ${path.resolve(dataDir)} is in use by another Northstar process (PID ${pid}). ` +
            "One data directory serves one process: stop that process (e.g. the server) and try again, " +
            "use the dashboard (Settings) instead of the command line while the server runs, " +
            "or set DATABASE_URL to a PostgreSQL server, which many processes can share.",
        );
      }
      // Stale (its process is gone) or half-written: take it over.
      try {
        unlinkSync(lockPath);
      } catch {
        // Another process removed it first; the next attempt decides.
      }
    }
  }
  throw new DataDirectoryInUseError(`Could not lock ${lockPath}: other processes keep taking it`);
}
