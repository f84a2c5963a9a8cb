/**
 * Whether an experiment's readout can be trusted at all. A failed check does not change a single
 * number — the comparisons stay visible for diagnosis — but the verdict says "untrustworthy"
 * instead of "better"/"worse", because a biased split makes every difference suspect.
 */
import type { SrmResult } from "./srm";

/** Share of units seen in more than one arm above which the readout is untrustworthy (GrowthBook's multiple-exposures threshold, 1%). */
export const MULTIPLE_EXPOSURES_THRESHOLD = 0.01;

export type HealthCode = "SAMPLE_RATIO_MISMATCH" | "MULTIPLE_EXPOSURES";

export interface HealthReason {
  code: HealthCode;
  message: string;
}

export interface ReadoutHealth {
  trustworthy: boolean;
  reasons: HealthReason[];
}

/** The trust checks of a readout: a flagged SRM (Fabijan et al., KDD 2019) or ≥ 1% of units exposed to more than one arm (GrowthBook) makes it untrustworthy. */
export function readoutHealth(
  srm: SrmResult,
  exposures: { units: number; multipleExposures: number },
): ReadoutHealth {
  const reasons: HealthReason[] = [];
  if (srm.status === "ok" && srm.flagged) {
    reasons.push({
      code: "SAMPLE_RATIO_MISMATCH",
      message: `Sample ratio mismatch (p = ${srm.pValue.toExponential(2)}): the split differs from the configured weights, so every comparison may be biased`,
    });
  }
  // A unit reported in a second arm stays counted in its first, so `units` already includes it.
  const { units, multipleExposures } = exposures;
  if (multipleExposures > 0 && multipleExposures >= MULTIPLE_EXPOSURES_THRESHOLD * units) {
    const share = units > 0 ? `${((100 * multipleExposures) / units).toFixed(1)}%` : "all";
    reasons.push({
      code: "MULTIPLE_EXPOSURES",
      message: `${multipleExposures} of ${units} unit(s) (${share}) were reported in more than one variant`,
    });
  }
  return { trustworthy: reasons.length === 0, reasons };
}

export type Verdict = "better" | "worse" | "inconclusive" | "untrustworthy";

/** The word the dashboard leads with: untrustworthy whenever a health check failed, else better/worse when significant in the metric's good/bad direction. */
export function verdictOf(
  comparison: { significant: boolean; estimate: number | null },
  higherIsBetter: boolean,
  health: ReadoutHealth,
): Verdict {
  if (!health.trustworthy) return "untrustworthy";
  if (!comparison.significant) return "inconclusive";
  const effect = comparison.estimate ?? 0;
  return (higherIsBetter ? effect > 0 : effect < 0) ? "better" : "worse";
}
