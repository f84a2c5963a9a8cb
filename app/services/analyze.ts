/**
 * POST /api/v1/analyze, minus the HTTP: a validated request in, the response body out. Each
 * treatment variant is compared with the first (control) variant by the same `compareVariants`
 * the results job uses; the family of p-values is then adjusted, and the split checked for SRM.
 */
import type { AnalyzeRequest, AnalyzeResponse, AnalyzeTreatmentResult } from "#lib/contracts/analyze";
import { armMean } from "#app/stats/experiment/arm-moments";
import { type CompareOptions, compareVariants } from "#app/stats/experiment/compare-variants";
import { adjustPValues } from "#app/stats/experiment/multiple-testing";
import { sampleRatioMismatch } from "#app/stats/experiment/srm";

function compareOptions(request: AnalyzeRequest): CompareOptions {
  const common = {
    metricType: request.metricType,
    difference: request.difference,
    alpha: request.alpha,
    cuped: request.cuped,
    higherIsBetter: request.higherIsBetter,
  };
  return request.engine === "bayesian"
    ? { ...common, engine: "bayesian", prior: request.prior }
    : { ...common, engine: "frequentist", sequential: request.sequential };
}

/** Stateless experiment analysis: Welch / sequential / Bayesian comparison of every variant with the control, multiple-testing adjustment and SRM check (docs/statistics.md). */
export function analyze(request: AnalyzeRequest): AnalyzeResponse {
  const [control, ...treatments] = request.variants;
  if (!control) throw new RangeError("analyze needs at least a control variant");
  const options = compareOptions(request);
  const bayesian = request.engine === "bayesian";

  const rows: AnalyzeTreatmentResult[] = treatments.map((variant) => {
    const result = compareVariants(control, variant, options);
    const row: AnalyzeTreatmentResult = {
      key: variant.key,
      n: variant.n,
      mean: result.treatmentMean,
      absoluteDiff: result.absoluteDiff,
      relativeLift: result.relativeLift,
      ciLow: result.ciLow,
      ciHigh: result.ciHigh,
      pValue: result.pValue,
      status: result.status,
    };
    if (bayesian) {
      row.chanceToWin = result.chanceToWin;
      row.risk = result.risk;
    }
    if (request.cuped) row.varianceReduction = result.varianceReduction;
    return row;
  });

  if (request.correction !== "none" && !bayesian) {
    // The family is the comparisons that produced a p-value; a failed comparison tests nothing.
    const tested = rows.filter((row) => row.pValue !== null);
    const adjusted = adjustPValues(
      tested.map((row) => row.pValue ?? 1),
      request.correction,
    );
    for (const row of rows) row.adjustedPValue = null;
    tested.forEach((row, i) => {
      row.adjustedPValue = adjusted[i] ?? null;
    });
  }

  const srm = sampleRatioMismatch(
    request.variants.map((variant) => variant.n),
    request.weights,
  );

  return {
    variants: [{ key: control.key, n: control.n, mean: armMean(control, request.metricType) }, ...rows],
    srm:
      srm.status === "ok" ? { pValue: srm.pValue, flagged: srm.flagged } : { pValue: null, flagged: false },
  };
}
