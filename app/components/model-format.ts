/** How the model pages print metrics and drift statistics, and which colour each version draws in. */
import { formatPercent, MISSING } from "#app/ui/format";

const threeSignificant = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3 });
const scientific = new Intl.NumberFormat("en-US", { notation: "scientific", maximumSignificantDigits: 2 });

const valid = (x: number | null | undefined): x is number => typeof x === "number" && Number.isFinite(x);

/** A performance metric: a share as a percentage, else three significant digits. */
export function formatMetric(x: number | null | undefined, format: "percent" | "number"): string {
  if (!valid(x)) return MISSING;
  return format === "percent" ? formatPercent(x) : threeSignificant.format(x);
}

/** A drift statistic or p-value: three significant digits, tiny values in scientific notation. */
export function formatStatistic(x: number | null | undefined): string {
  if (!valid(x)) return MISSING;
  return x !== 0 && Math.abs(x) < 0.001 ? scientific.format(x) : threeSignificant.format(x);
}

/** Blue, orange, then neutral tones: distinguishable without relying on red/green. */
const VERSION_COLORS = ["#1d4ed8", "#c2410c", "#0f766e", "#6d28d9", "#475569"];

export const versionColor = (index: number) => VERSION_COLORS[index % VERSION_COLORS.length] as string;
