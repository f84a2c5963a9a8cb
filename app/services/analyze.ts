/**
 * POST /api/v1/analyze, minus the HTTP: a validated request in, the response body out. The
 * comparisons, the correction over the treatment arms and the SRM check come from the same
 * `experimentReadout` the results job publishes, so the same sums read the same everywhere.
 */
import type { AnalyzeRequest, AnalyzeResponse, AnalyzeTreatmentResult } from "#lib/contracts/analyze";
import { sequentialOption } from "#lib/contracts/experiments";
import { armMean } from "#app/stats/experiment/arm-moments";
import { experimentReadout } from "#app/stats/experiment/readout";

/** Stateless experiment analysis: Welch / sequential / Bayesian comparison of every variant with the control, multiple-testing adjustment and SRM check (docs/statistics.md). */
export function analyze(request: AnalyzeRequest): AnalyzeResponse {
  const [control, ...treatments] = request.variants;
  if (!control) throw new RangeError("analyze needs at least a control variant");
  const bayesian = request.engine === "bayesian";
  const { comparisons, srm } = experimentReadout(
    [{ metricType: request.metricType, higherIsBetter: request.higherIsBetter, arms: request.variants }],
    request.variants.map((variant) => variant.n),
    request.weights,
    {
      engine: request.engine,
      alpha: request.alpha,
      difference: request.difference,
      sequential: sequentialOption(request.sequential),
      cuped: request.cuped,
      correction: request.correction,
      prior: request.prior,
    },
  );

  const rows = treatments.map((variant, i): AnalyzeTreatmentResult => {
    const result = comparisons[0]?.[i];
    if (!result) throw new Error(`no comparison for variant ${variant.key}`);
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
    if (request.correction !== "none" && !bayesian) row.adjustedPValue = result.adjustedPValue;
    if (bayesian) {
      row.chanceToWin = result.chanceToWin;
      row.risk = result.risk;
    }
    if (request.cuped) row.varianceReduction = result.varianceReduction;
    return row;
  });

  return {
    variants: [{ key: control.key, n: control.n, mean: armMean(control, request.metricType) }, ...rows],
    srm:
      srm.status === "ok" ? { pValue: srm.pValue, flagged: srm.flagged } : { pValue: null, flagged: false },
  };
}
