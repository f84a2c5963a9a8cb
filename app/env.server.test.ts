import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { EnvError, parseEnv, webhookSettings } from "./env.server";

describe("parseEnv", () => {
  it("applies defaults when nothing is set", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.NORTHSTAR_DATA_DIR).toBe("./.northstar");
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ PORT: "abc" })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: "abc" })).toThrow(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => parseEnv({ NORTHSTAR_BOOTSTRAP_KEY: "x".repeat(31) })).toThrow(
      /NORTHSTAR_BOOTSTRAP_KEY: must be at least 32/,
    );
    expect(() => parseEnv({ NORTHSTAR_ADMIN_EMAIL: "a@b.c", NORTHSTAR_ADMIN_PASSWORD: "short" })).toThrow(
      /NORTHSTAR_ADMIN_PASSWORD: must be at least 12/,
    );
    expect(() => parseEnv({ NORTHSTAR_ADMIN_EMAIL: "a@b.c" })).toThrow(
      /NORTHSTAR_ADMIN_PASSWORD: must be set together with NORTHSTAR_ADMIN_EMAIL/,
    );
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("accepts a 32-byte NORTHSTAR_SECRET_KEY in base64 or hex and names it when malformed", () => {
    const base64 = Buffer.alloc(32, 7).toString("base64");
    expect(webhookSettings(parseEnv({ NORTHSTAR_SECRET_KEY: base64 }), "postgres").secretKey).toEqual(
      Buffer.alloc(32, 7),
    );
    expect(
      webhookSettings(parseEnv({ NORTHSTAR_SECRET_KEY: "ab".repeat(32) }), "postgres").secretKey,
    ).toEqual(Buffer.alloc(32, 0xab));
    expect(() => parseEnv({ NORTHSTAR_SECRET_KEY: "too-short" })).toThrow(
      /NORTHSTAR_SECRET_KEY: must be 32 bytes/,
    );
    expect(() => parseEnv({ NORTHSTAR_SECRET_KEY: Buffer.alloc(16).toString("base64") })).toThrow(
      /NORTHSTAR_SECRET_KEY/,
    );
    expect(() => parseEnv({ NORTHSTAR_WEBHOOK_ALLOW_PRIVATE: "yes" })).toThrow(
      /NORTHSTAR_WEBHOOK_ALLOW_PRIVATE/,
    );
    expect(parseEnv({ NORTHSTAR_WEBHOOK_ALLOW_PRIVATE: "true" }).NORTHSTAR_WEBHOOK_ALLOW_PRIVATE).toBe(true);
  });

  it("without NORTHSTAR_SECRET_KEY: generates the embedded database's key once, 0600, and has none on PostgreSQL", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "northstar-key-"));
    const config = parseEnv({ NORTHSTAR_DATA_DIR: dir });
    const first = webhookSettings(config, "pglite").secretKey;
    const second = webhookSettings(config, "pglite").secretKey;
    expect(first).toHaveLength(32);
    expect(second).toEqual(first);
    expect(Buffer.from(readFileSync(path.join(dir, "secret.key"), "utf8").trim(), "base64")).toEqual(first);
    expect(statSync(path.join(dir, "secret.key")).mode & 0o777).toBe(0o600);
    expect(webhookSettings(config, "postgres").secretKey).toBeNull();
  });
});
