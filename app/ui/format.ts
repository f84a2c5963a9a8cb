/**
 * Numbers and dates for people, rounded only here (the API, CSV and JSON keep full precision).
 * One fixed locale and UTC, so the server's HTML and the browser's hydration print the same text.
 */
const LOCALE = "en-US";

const percent1 = new Intl.NumberFormat(LOCALE, {
  style: "percent",
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const signedPercent1 = new Intl.NumberFormat(LOCALE, {
  style: "percent",
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: "exceptZero",
});
const percent2 = new Intl.NumberFormat(LOCALE, {
  style: "percent",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const fourSignificant = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 4 });
const twoSignificant = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 2 });
const day = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const shortDay = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const dateTime = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

export const MISSING = "—";

type Num = number | null | undefined;
const valid = (x: Num): x is number => typeof x === "number" && Number.isFinite(x);

/** A share, one decimal: 0.4567 → "45.7%". */
export const formatPercent = (x: Num) => (valid(x) ? percent1.format(x) : MISSING);

/** A change, signed, one decimal: 0.041 → "+4.1%". */
export const formatLift = (x: Num) => (valid(x) ? signedPercent1.format(x) : MISSING);

/** Two significant digits, "< 0.001" below that. */
export function formatPValue(p: Num): string {
  if (!valid(p)) return MISSING;
  return p < 0.001 ? "< 0.001" : twoSignificant.format(p);
}

/** "p = 0.043", or "p < 0.001". */
export function formatPClause(p: Num): string {
  const text = formatPValue(p);
  return text.startsWith("<") ? `p ${text}` : `p = ${text}`;
}

/** A confidence level, whole percent: 0.95 → "95%". */
export const formatLevel = (x: number) => `${Math.round(x * 1000) / 10}%`;

export const formatCount = (n: Num) => (valid(n) ? integer.format(n) : MISSING);

/** An arm's mean in its metric's terms: a conversion rate as a percentage, else a number. */
export function formatMean(x: Num, type: "proportion" | "mean" | "ratio"): string {
  if (!valid(x)) return MISSING;
  return type === "proportion" ? percent2.format(x) : fourSignificant.format(x);
}

export const formatDay = (iso: string | null | undefined) => (iso ? day.format(new Date(iso)) : MISSING);
export const formatShortDay = (iso: string) => shortDay.format(new Date(iso));
export const formatDateTime = (iso: string | null | undefined) =>
  iso ? `${dateTime.format(new Date(iso))} UTC` : MISSING;
