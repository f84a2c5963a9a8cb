/**
 * Multiple-comparison adjustment across the treatment arms of one metric (or any family of
 * p-values). Adjusted p-values are compared with α directly, like statsmodels returns them.
 */

export type CorrectionMethod = "none" | "holm" | "bh";

function ascendingOrder(pValues: readonly number[]): number[] {
  return pValues.map((_, i) => i).sort((a, b) => (pValues[a] ?? 0) - (pValues[b] ?? 0));
}

/** Holm–Bonferroni step-down adjusted p-values: running max of (m − i)·p_(i), capped at 1 (Holm 1979; statsmodels multipletests method="holm"). */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const adjusted = new Array<number>(m).fill(1);
  let runningMax = 0;
  ascendingOrder(pValues).forEach((index, rank) => {
    runningMax = Math.max(runningMax, Math.min(1, (m - rank) * (pValues[index] ?? 1)));
    adjusted[index] = runningMax;
  });
  return adjusted;
}

/** Benjamini–Hochberg step-up adjusted p-values: running min from the top of m·p_(i)/i, capped at 1 (Benjamini & Hochberg 1995; statsmodels multipletests method="fdr_bh"). */
export function benjaminiHochbergAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const adjusted = new Array<number>(m).fill(1);
  const order = ascendingOrder(pValues);
  let runningMin = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank] ?? 0;
    runningMin = Math.min(runningMin, (m * (pValues[index] ?? 1)) / (rank + 1));
    adjusted[index] = runningMin;
  }
  return adjusted;
}

/** Adjusted p-values for a family by Holm or Benjamini–Hochberg; "none" returns them unchanged (statsmodels multipletests). */
export function adjustPValues(pValues: readonly number[], method: CorrectionMethod): number[] {
  switch (method) {
    case "holm":
      return holmAdjust(pValues);
    case "bh":
      return benjaminiHochbergAdjust(pValues);
    case "none":
      return [...pValues];
  }
}
