import { describe, expect, it } from "vitest";
import { type AlertStatus, INITIAL_STATUS, step, type Timing } from "./alert-lifecycle";

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 1, 12);
const at = (minutes: number) => new Date(T0 + minutes * MIN);
const HOLD: Timing = { forMs: 15 * MIN, repeatMs: 240 * MIN };
const NOW: Timing = { forMs: 0, repeatMs: 240 * MIN };

/** Runs a sequence of (minute, active) evaluations; returns every transition as from→to@minute. */
function run(timing: Timing, evaluations: Array<[number, boolean | null]>) {
  let status: AlertStatus = INITIAL_STATUS;
  const seen: string[] = [];
  for (const [minute, active] of evaluations) {
    const next = step(status, { active }, timing, at(minute));
    for (const t of next.transitions)
      seen.push(`${t.from}→${t.to}@${minute}${t.notification ? ` ${t.notification}` : ""}`);
    status = next.status;
  }
  return { status, seen };
}

describe("alert life cycle", () => {
  it("holds an alert pending for `for`, then fires once", () => {
    const { seen, status } = run(HOLD, [
      [0, true],
      [5, true],
      [14, true],
      [15, true],
      [20, true],
    ]);
    expect(seen).toEqual(["inactive→pending@0", "pending→firing@15 alert.firing"]);
    expect(status.startsAt).toEqual(at(15));
  });

  it("drops a pending alert back to inactive, silently, when the condition clears before `for`", () => {
    const { seen } = run(HOLD, [
      [0, true],
      [10, false],
      [20, true],
    ]);
    expect(seen).toEqual(["inactive→pending@0", "pending→inactive@10", "inactive→pending@20"]);
  });

  it("fires at once without `for`, and resolves with a message when the condition clears", () => {
    const { seen, status } = run(NOW, [
      [0, true],
      [30, false],
      [60, false],
    ]);
    expect(seen).toEqual(["inactive→firing@0 alert.firing", "firing→resolved@30 alert.resolved"]);
    expect(status).toMatchObject({ state: "resolved", startsAt: at(0), endsAt: at(30) });
  });

  it("repeats the firing message every repeat interval while it keeps firing, counting from the last message", () => {
    const { seen } = run(NOW, [
      [0, true],
      [239, true],
      [240, true],
      [300, true],
      [480, true],
    ]);
    expect(seen).toEqual([
      "inactive→firing@0 alert.firing",
      "firing→firing@240 alert.firing",
      "firing→firing@480 alert.firing",
    ]);
  });

  it("changes nothing when the evaluation has no evidence (not enough data)", () => {
    const { seen, status } = run(NOW, [
      [0, true],
      [30, null],
      [300, null],
    ]);
    expect(seen).toEqual(["inactive→firing@0 alert.firing"]);
    expect(status.state).toBe("firing");
  });

  it("starts a new episode after a resolve, with keys that differ from the first episode's", () => {
    const first = step(INITIAL_STATUS, { active: true }, NOW, at(0));
    const resolved = step(first.status, { active: false }, NOW, at(10));
    const again = step(resolved.status, { active: true }, NOW, at(20));
    const keys = [...first.transitions, ...resolved.transitions, ...again.transitions].map(
      (t) => t.dedupeSuffix,
    );
    expect(new Set(keys).size).toBe(3);
    expect(again.transitions[0]).toMatchObject({
      from: "resolved",
      to: "firing",
      notification: "alert.firing",
    });
  });

  it("gives the same dedupe key to the same transition computed twice (a re-run or a second worker)", () => {
    const a = step(INITIAL_STATUS, { active: true }, NOW, at(0));
    const b = step(INITIAL_STATUS, { active: true }, NOW, at(0));
    expect(a.transitions).toEqual(b.transitions);
    const repeatA = step(a.status, { active: true }, NOW, at(240));
    const repeatB = step(b.status, { active: true }, NOW, at(240));
    expect(repeatA.transitions[0]?.dedupeSuffix).toBe(repeatB.transitions[0]?.dedupeSuffix);
  });
});
