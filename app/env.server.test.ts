import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server";

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
});
