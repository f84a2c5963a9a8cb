/**
 * Time windows of the model-monitoring jobs: the reference window of a model version and the
 * daily UTC windows compared against it (drift) or evaluated (performance).
 */

export const DAY_MS = 24 * 3600_000;
/** A version's reference window defaults to its first week of predictions. */
export const DEFAULT_REFERENCE_DAYS = 7;
/** Windows older than this many days are never (re)computed. */
export const MAX_WINDOW_DAYS = 30;

export interface TimeWindow {
  start: Date;
  end: Date;
}

export function floorDay(t: Date): Date {
  return new Date(Math.floor(t.getTime() / DAY_MS) * DAY_MS);
}

export function ceilDay(t: Date): Date {
  return new Date(Math.ceil(t.getTime() / DAY_MS) * DAY_MS);
}

/** The configured reference window, or the first DEFAULT_REFERENCE_DAYS days from the first prediction. */
export function referenceWindow(version: {
  referenceFrom: Date | null;
  referenceTo: Date | null;
  firstPredictionAt: Date | null;
}): (TimeWindow & { isDefault: boolean }) | null {
  if (version.referenceFrom && version.referenceTo) {
    return { start: version.referenceFrom, end: version.referenceTo, isDefault: false };
  }
  if (!version.firstPredictionAt) return null;
  const start = version.firstPredictionAt;
  return { start, end: new Date(start.getTime() + DEFAULT_REFERENCE_DAYS * DAY_MS), isDefault: true };
}

export interface WindowPlanInput {
  /** The earliest a window may start (a UTC midnight). */
  firstStart: Date;
  now: Date;
  /** Window starts that already have snapshots. */
  existing: ReadonlySet<number>;
  /** The latest this many windows are recomputed on every run (their data may still change). */
  recentDays: number;
}

/**
 * The daily UTC windows [00:00, 24:00) to (re)compute: every window that has begun by `now`,
 * within the last MAX_WINDOW_DAYS days and not before `firstStart`, that is either among the
 * latest `recentDays` or has no snapshot yet. The current day is included: its snapshot covers
 * the data up to `now` and is replaced on the next run.
 */
export function windowsToCompute(input: WindowPlanInput): TimeWindow[] {
  const { firstStart, now, existing, recentDays } = input;
  const today = floorDay(new Date(now.getTime() - 1)).getTime();
  const earliest = Math.max(firstStart.getTime(), today - (MAX_WINDOW_DAYS - 1) * DAY_MS);
  const out: TimeWindow[] = [];
  for (let t = earliest; t <= today; t += DAY_MS) {
    const recent = t > today - recentDays * DAY_MS;
    if (recent || !existing.has(t)) out.push({ start: new Date(t), end: new Date(t + DAY_MS) });
  }
  return out;
}

/** The end of a window's data: nothing after `now` is read, so a rerun for the same `now` is identical. */
export function dataEnd(window: TimeWindow, now: Date): Date {
  return window.end < now ? window.end : now;
}
