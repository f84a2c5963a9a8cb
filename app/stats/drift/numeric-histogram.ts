/**
 * Paired reference/current histograms for a numeric feature: reference-quantile bins
 * (./histogram.ts) plus one trailing "missing" bin, so the histogram-based methods (PSI,
 * Jensen–Shannon, Hellinger, chi-square) also see a change in the share of missing values.
 */
import { binCounts, DEFAULT_BINS, referenceQuantileEdges } from "./histogram";
import { splitNumeric } from "./missing";
import type { FeatureValue } from "./types";

export interface PairedHistogram {
  /** Interior bin edges (reference quantiles); bins are open at both ends. */
  edges: number[];
  /** Counts per bin, with the missing-value count as the last entry. */
  reference: number[];
  current: number[];
}

/** Reference-quantile histograms of two numeric samples with a trailing missing bin. */
export function numericHistograms(
  reference: readonly FeatureValue[],
  current: readonly FeatureValue[],
  bins: number = DEFAULT_BINS,
): PairedHistogram {
  const ref = splitNumeric(reference);
  const cur = splitNumeric(current);
  const sortedRef = [...ref.values].sort((a, b) => a - b);
  const edges = referenceQuantileEdges(sortedRef, bins);
  return {
    edges,
    reference: [...binCounts(ref.values, edges), ref.missing],
    current: [...binCounts(cur.values, edges), cur.missing],
  };
}
