import { describe, expect, it } from "vitest";
import { DatabaseDeadlineError, deadlineBudget } from "./deadline";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const slow = (ms: number) => () => sleep(ms).then(() => "done");

describe("deadlineBudget: one deadline for all of a request's database waits", () => {
  it("two waits of 0.7× the deadline each end at the deadline, not at 1.4× it", async () => {
    const budget = deadlineBudget(400);
    const started = performance.now();
    expect(await budget.run(slow(280))).toBe("done");
    await expect(budget.run(slow(280))).rejects.toBeInstanceOf(DatabaseDeadlineError);
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(395);
    expect(took).toBeLessThan(520);
  });

  it("time between the waits (the client sending its body) does not count", async () => {
    const budget = deadlineBudget(300);
    await budget.run(slow(150));
    await sleep(300);
    expect(await budget.run(slow(100))).toBe("done");
  });

  it("a spent budget refuses the next wait without starting it", async () => {
    const budget = deadlineBudget(50);
    await expect(budget.run(slow(100))).rejects.toThrow("did not answer within 50 ms");
    let started = false;
    await expect(
      budget.run(async () => {
        started = true;
      }),
    ).rejects.toBeInstanceOf(DatabaseDeadlineError);
    expect(started).toBe(false);
  });

  it("0 means no deadline", async () => {
    const budget = deadlineBudget(0);
    expect(await budget.run(slow(30))).toBe("done");
    expect(await budget.run(slow(30))).toBe("done");
  });
});
