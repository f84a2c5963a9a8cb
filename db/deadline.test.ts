import { describe, expect, it } from "vitest";
import { DatabaseDeadlineError, deadlineBudget, outsideDeadline, withDeadline } from "./deadline";

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

describe("withDeadline with a deliberate wait outside it", () => {
  it("a wait outside the deadline does not count: 2.5× the deadline spent following a job still succeeds", async () => {
    const result = await withDeadline(200, async () => {
      for (let i = 0; i < 5; i++) {
        await outsideDeadline(() => sleep(100));
        await sleep(10); // a poll of the database, inside the deadline
      }
      return "done";
    });
    expect(result).toBe("done");
  });

  it("database time before and after the pause still adds up to the deadline", async () => {
    const started = performance.now();
    await expect(
      withDeadline(200, async () => {
        await sleep(120);
        await outsideDeadline(() => sleep(150));
        await sleep(120);
      }),
    ).rejects.toBeInstanceOf(DatabaseDeadlineError);
    // 120 ms counted, 150 ms paused, then the remaining 80 ms: about 350 ms, not 200 (no pause); and
    // not a success at 390 ms (a pause that restarted the full deadline).
    expect(performance.now() - started).toBeGreaterThan(320);
    expect(performance.now() - started).toBeLessThan(600);
  });

  it("without the pause, the same waits end at the deadline", async () => {
    await expect(withDeadline(200, () => sleep(100).then(() => sleep(150)))).rejects.toBeInstanceOf(
      DatabaseDeadlineError,
    );
  });
});
