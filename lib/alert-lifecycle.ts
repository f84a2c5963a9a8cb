/**
 * The life cycle of one alert — one (rule, target instance) — as Prometheus and Alertmanager run
 * it: inactive → pending (the condition holds, for less than `for`) → firing → resolved, with a
 * repeat notification every `repeatInterval` while it keeps firing. Pure: the caller reads the
 * alert's row, asks `step` what happens given this evaluation, and writes the result.
 *
 * Each transition carries a dedupe key that is the same whoever computes it (a re-run of the job,
 * a second worker): `<rule>:<instance>:<event>:<episode start>[:<repeat number>]`. The store keeps
 * one row per key, so a transition — and the message it sends — happens once.
 */
import type { AlertNotification, AlertState } from "#lib/vocabulary";

export interface AlertStatus {
  state: AlertState;
  pendingSince: Date | null;
  /** When the current (or last) firing episode started. */
  startsAt: Date | null;
  endsAt: Date | null;
  lastNotifiedAt: Date | null;
  /** Repeat notifications sent in the current episode. */
  repeats: number;
}

export interface Observation {
  /** The condition holds now; null = no evidence either way (not enough data): nothing changes. */
  active: boolean | null;
}

export interface Timing {
  forMs: number;
  repeatMs: number;
}

export interface Transition {
  from: AlertState;
  to: AlertState;
  /** firing and resolved notify; so does a repeat (firing → firing). */
  notification: AlertNotification | null;
  /** Unique per transition of this alert: episode start, and the repeat number for repeats. */
  dedupeSuffix: string;
}

export interface Step {
  status: AlertStatus;
  transitions: Transition[];
}

export const INITIAL_STATUS: AlertStatus = {
  state: "inactive",
  pendingSince: null,
  startsAt: null,
  endsAt: null,
  lastNotifiedAt: null,
  repeats: 0,
};

const iso = (d: Date) => d.toISOString();

/** What one evaluation at `now` does to an alert. */
export function step(current: AlertStatus, observation: Observation, timing: Timing, now: Date): Step {
  if (observation.active === null) return { status: current, transitions: [] };
  const { state } = current;

  if (!observation.active) {
    if (state === "pending") {
      const since = current.pendingSince ?? now;
      return {
        status: { ...current, state: "inactive", pendingSince: null },
        transitions: [
          { from: "pending", to: "inactive", notification: null, dedupeSuffix: `inactive:${iso(since)}` },
        ],
      };
    }
    if (state === "firing") {
      const started = current.startsAt ?? now;
      return {
        status: { ...current, state: "resolved", pendingSince: null, endsAt: now, lastNotifiedAt: now },
        transitions: [
          {
            from: "firing",
            to: "resolved",
            notification: "alert.resolved",
            dedupeSuffix: `resolved:${iso(started)}`,
          },
        ],
      };
    }
    return { status: current, transitions: [] };
  }

  if (state === "inactive" || state === "resolved") {
    if (timing.forMs > 0) {
      return {
        status: { ...current, state: "pending", pendingSince: now },
        transitions: [
          { from: state, to: "pending", notification: null, dedupeSuffix: `pending:${iso(now)}` },
        ],
      };
    }
    // No `for`: straight to firing (Prometheus never shows it pending).
    return fire({ ...current, pendingSince: now }, state, now);
  }

  if (state === "pending") {
    const since = current.pendingSince ?? now;
    if (now.getTime() - since.getTime() >= timing.forMs) return fire(current, "pending", now);
    return { status: current, transitions: [] };
  }

  // Firing: repeat once the interval since the last notification has passed.
  const last = current.lastNotifiedAt ?? current.startsAt ?? now;
  if (timing.repeatMs > 0 && now.getTime() - last.getTime() >= timing.repeatMs) {
    const repeats = current.repeats + 1;
    return {
      status: { ...current, repeats, lastNotifiedAt: now },
      transitions: [
        {
          from: "firing",
          to: "firing",
          notification: "alert.firing",
          dedupeSuffix: `repeat:${iso(current.startsAt ?? now)}:${repeats}`,
        },
      ],
    };
  }
  return { status: current, transitions: [] };
}

function fire(current: AlertStatus, from: AlertState, now: Date): Step {
  return {
    status: { ...current, state: "firing", startsAt: now, endsAt: null, lastNotifiedAt: now, repeats: 0 },
    transitions: [{ from, to: "firing", notification: "alert.firing", dedupeSuffix: `firing:${iso(now)}` }],
  };
}
