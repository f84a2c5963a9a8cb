import { describe, expect, it } from "vitest";
import { MAX_PER_ACCOUNT, MAX_PER_ADDRESS, SignInLimiter, WINDOW_MS } from "./sign-in-limiter";

describe("the sign-in limiter", () => {
  it("blocks an account after its failures until the oldest leaves the window, whatever the address", () => {
    const limiter = new SignInLimiter();
    for (let i = 0; i < MAX_PER_ACCOUNT; i++) {
      expect(limiter.retryAfter("ann@x", `10.0.0.${i}`, i * 1000)).toBe(0);
      limiter.failed("ann@x", `10.0.0.${i}`, i * 1000);
    }
    expect(limiter.retryAfter("ann@x", "10.9.9.9", 5000)).toBe((WINDOW_MS - 5000) / 1000);
    expect(limiter.retryAfter("bob@x", "10.9.9.9", 5000)).toBe(0);
    expect(limiter.retryAfter("ann@x", "10.9.9.9", WINDOW_MS + 1)).toBe(0);
  });

  it("blocks an address trying many accounts", () => {
    const limiter = new SignInLimiter();
    for (let i = 0; i < MAX_PER_ADDRESS; i++) limiter.failed(`user${i}@x`, "10.0.0.1", 0);
    expect(limiter.retryAfter("someone-new@x", "10.0.0.1", 0)).toBe(WINDOW_MS / 1000);
    expect(limiter.retryAfter("someone-new@x", "10.0.0.2", 0)).toBe(0);
  });

  it("forgets an account's failures when it signs in", () => {
    const limiter = new SignInLimiter();
    for (let i = 0; i < MAX_PER_ACCOUNT - 1; i++) limiter.failed("ann@x", "a", 0);
    limiter.succeeded("ann@x");
    limiter.failed("ann@x", "a", 0);
    expect(limiter.retryAfter("ann@x", "b", 0)).toBe(0);
  });
});
