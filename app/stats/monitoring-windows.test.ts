import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  MAX_WINDOW_DAYS,
  ceilDay,
  dataEnd,
  referenceWindow,
  windowsToCompute,
} from "./monitoring-windows";

const T0 = Date.UTC(2026, 9, 1);
const day = (n: number) => new Date(T0 + n * DAY_MS);
const starts = (windows: Array<{ start: Date }>) => windows.map((w) => (w.start.getTime() - T0) / DAY_MS);

describe("referenceWindow", () => {
  it("is the configured window, else the first 7 days from the first prediction", () => {
    const first = new Date(T0 + 3_600_000);
    expect(referenceWindow({ referenceFrom: day(2), referenceTo: day(4), firstPredictionAt: first })).toEqual(
      {
        start: day(2),
        end: day(4),
        isDefault: false,
      },
    );
    expect(referenceWindow({ referenceFrom: null, referenceTo: null, firstPredictionAt: first })).toEqual({
      start: first,
      end: new Date(first.getTime() + 7 * DAY_MS),
      isDefault: true,
    });
    expect(referenceWindow({ referenceFrom: null, referenceTo: null, firstPredictionAt: null })).toBeNull();
  });
});

describe("windowsToCompute", () => {
  it("covers every day that has begun, the current one included", () => {
    const windows = windowsToCompute({
      firstStart: day(7),
      now: new Date(day(10).getTime() + 5),
      existing: new Set(),
      recentDays: 2,
    });
    expect(starts(windows)).toEqual([7, 8, 9, 10]);
    expect(windows[0]).toEqual({ start: day(7), end: day(8) });
  });

  it("recomputes only the latest days and the missing ones", () => {
    const existing = new Set([7, 8, 9, 10, 11].map((n) => day(n).getTime()));
    const plan = windowsToCompute({ firstStart: day(5), now: day(12), existing, recentDays: 2 });
    // now is exactly midnight: day 12 has not begun, day 11 just ended.
    expect(starts(plan)).toEqual([5, 6, 10, 11]);
  });

  it("goes back at most MAX_WINDOW_DAYS days and not before the first start", () => {
    const plan = windowsToCompute({ firstStart: day(0), now: day(100), existing: new Set(), recentDays: 2 });
    expect(plan).toHaveLength(MAX_WINDOW_DAYS);
    expect(starts(plan)[0]).toBe(100 - MAX_WINDOW_DAYS);
    expect(windowsToCompute({ firstStart: day(9), now: day(8), existing: new Set(), recentDays: 2 })).toEqual(
      [],
    );
  });

  it("cuts a window's data at now and aligns reference ends to the next midnight", () => {
    const now = new Date(day(3).getTime() + 3_600_000);
    expect(dataEnd({ start: day(3), end: day(4) }, now)).toEqual(now);
    expect(dataEnd({ start: day(2), end: day(3) }, now)).toEqual(day(3));
    expect(ceilDay(new Date(day(7).getTime() + 1))).toEqual(day(8));
    expect(ceilDay(day(7))).toEqual(day(7));
  });
});
