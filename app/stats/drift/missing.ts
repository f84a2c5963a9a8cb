/**
 * Missing-value handling shared by the drift methods: null, undefined and NaN are one category
 * of their own, so a rise in missing values can show up as drift instead of silently
 * shrinking the sample.
 */
import type { FeatureValue } from "./types";

/** Category key used for missing values in categorical histograms. */
export const MISSING_CATEGORY = "__missing__";

/** True for null, undefined and NaN (the three spellings of "no value"). */
export function isMissing(value: FeatureValue): value is null | undefined {
  return value === null || value === undefined || (typeof value === "number" && Number.isNaN(value));
}

/** Split a numeric column into its finite values and a count of missing entries. */
export function splitNumeric(values: readonly FeatureValue[]): { values: number[]; missing: number } {
  const out: number[] = [];
  let missing = 0;
  for (const v of values) {
    if (isMissing(v)) missing++;
    // ±Infinity cannot be binned or averaged meaningfully; it is treated as missing too.
    else if (typeof v === "number" && Number.isFinite(v)) out.push(v);
    else missing++;
  }
  return { values: out, missing };
}

/** Count categories, with missing values under {@link MISSING_CATEGORY}. */
export function categoryCounts(values: readonly FeatureValue[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) {
    // ±Infinity is missing here too, consistent with splitNumeric.
    const missing = isMissing(v) || (typeof v === "number" && !Number.isFinite(v));
    const key = missing ? MISSING_CATEGORY : String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Align two category-count maps on the union of their categories (sorted, so results do not
 * depend on input order) and return parallel count vectors.
 */
export function alignCategories(
  reference: ReadonlyMap<string, number>,
  current: ReadonlyMap<string, number>,
): { categories: string[]; reference: number[]; current: number[] } {
  const categories = [...new Set([...reference.keys(), ...current.keys()])].sort();
  return {
    categories,
    reference: categories.map((c) => reference.get(c) ?? 0),
    current: categories.map((c) => current.get(c) ?? 0),
  };
}
