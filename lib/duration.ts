/**
 * Durations as Prometheus writes them (`30s`, `15m`, `4h`, `1h30m`, `2d`): units d, h, m, s, each
 * at most once and largest first. Alert rules store whole seconds and publish the canonical form.
 */
const UNITS = [
  ["d", 86_400],
  ["h", 3_600],
  ["m", 60],
  ["s", 1],
] as const;

const PATTERN = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Seconds in a duration string, or null when it is not one. `0s` (or `0`) is zero. */
export function parseDuration(text: string): number | null {
  if (text === "0") return 0;
  const match = PATTERN.exec(text);
  if (!match || text === "") return null;
  let seconds = 0;
  UNITS.forEach(([, size], i) => {
    seconds += Number(match[i + 1] ?? 0) * size;
  });
  return Number.isSafeInteger(seconds) ? seconds : null;
}

/** The canonical string of a number of seconds: `90` → `1m30s`, `0` → `0s`. */
export function formatDuration(seconds: number): string {
  if (seconds <= 0) return "0s";
  let rest = Math.round(seconds);
  let out = "";
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}
