/** Validation of paired count vectors used by every histogram-based drift method. */
import type { DriftStatus } from "./types";

/** Check two count vectors and return their totals, or the status explaining why they can't be used. */
export function checkCounts(
  reference: readonly number[],
  current: readonly number[],
): { ok: true; referenceTotal: number; currentTotal: number } | { ok: false; status: DriftStatus } {
  if (reference.length !== current.length) return { ok: false, status: "INVALID_INPUT" };
  let referenceTotal = 0;
  let currentTotal = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] ?? 0;
    const c = current[i] ?? 0;
    if (!(r >= 0 && c >= 0 && Number.isFinite(r) && Number.isFinite(c)))
      return { ok: false, status: "INVALID_INPUT" };
    referenceTotal += r;
    currentTotal += c;
  }
  if (referenceTotal === 0 || currentTotal === 0) return { ok: false, status: "NOT_ENOUGH_DATA" };
  return { ok: true, referenceTotal, currentTotal };
}
