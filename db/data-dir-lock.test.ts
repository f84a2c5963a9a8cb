import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirectoryInUseError, lockDataDirectory } from "./data-dir-lock";

const dirs: string[] = [];
function freshDir() {
  const dir = mkdtempSync(path.join(tmpdir(), "northstar-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the embedded data directory's lock", () => {
  it("refuses a second opener while the first holds it, naming the holder's PID, and frees it on release", () => {
    const dir = freshDir();
    const release = lockDataDirectory(dir);
    expect(readFileSync(path.join(dir, "northstar.lock"), "utf8")).toBe(String(process.pid));
    expect(() => lockDataDirectory(dir)).toThrow(DataDirectoryInUseError);
    expect(() => lockDataDirectory(dir)).toThrow(`in use by another Northstar process (PID ${process.pid})`);
    release();
    lockDataDirectory(dir)();
  });

  it("takes over a lock whose process is gone", () => {
    const dir = freshDir();
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid;
    writeFileSync(path.join(dir, "northstar.lock"), String(gone));
    const release = lockDataDirectory(dir);
    expect(readFileSync(path.join(dir, "northstar.lock"), "utf8")).toBe(String(process.pid));
    release();
  });

  it("makes `npm run keys` fail at once with a clear message while another process has the directory", () => {
    const dir = freshDir();
    const release = lockDataDirectory(dir);
    try {
      const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/keys.ts", "list"], {
        env: { ...process.env, DATABASE_URL: "", NORTHSTAR_DATA_DIR: dir },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`is in use by another Northstar process (PID ${process.pid})`);
    } finally {
      release();
    }
  });
});
