/**
 * Slows down password guessing: after MAX_PER_ACCOUNT failed sign-ins for one email, or
 * MAX_PER_ADDRESS from one client address, within WINDOW_MS, further attempts get 429 with
 * Retry-After until the oldest failure leaves the window. A success clears the account's count.
 *
 * In memory, per process (docs/security.md says why): the count needs no write per attempt, and a
 * restart forgiving it costs an attacker a restart they cannot cause. With several app processes
 * the limits apply per process; each guess still costs a full scrypt hash.
 */
export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_PER_ACCOUNT = 5;
export const MAX_PER_ADDRESS = 20;
// Bounds memory under a flood of distinct emails or addresses.
const MAX_TRACKED = 10_000;

export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  private wait(key: string, max: number, now: number): number {
    const times = this.recent(key, now);
    if (times.length < max) return 0;
    return (times[times.length - max] ?? now) + WINDOW_MS - now;
  }

  /** Seconds to wait before trying again, or 0 when an attempt may go ahead. */
  retryAfter(email: string, address: string, now: number): number {
    const ms = Math.max(
      this.wait(`account:${email}`, MAX_PER_ACCOUNT, now),
      this.wait(`address:${address}`, MAX_PER_ADDRESS, now),
    );
    return Math.ceil(ms / 1000);
  }

  failed(email: string, address: string, now: number): void {
    if (this.failures.size > MAX_TRACKED) this.failures.clear();
    for (const key of [`account:${email}`, `address:${address}`]) {
      this.failures.set(key, [...this.recent(key, now), now]);
    }
  }

  succeeded(email: string): void {
    this.failures.delete(`account:${email}`);
  }
}

/** The process's limiter. */
export const signInLimiter = new SignInLimiter();
