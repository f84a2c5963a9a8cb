/**
 * The experiment page's engine switch and CUPED on/off: a stored results document re-analysed from
 * the per-arm sums it keeps, through the same readout and document mapping the results job uses,
 * so nothing is recomputed over raw events and the stored settings give back the stored numbers.
 */
import type { ResultsDocument } from "#lib/contracts/results";
import { metricResults, readoutOf, type SummedMetric } from "#jobs/results-document";

export type Engine = ResultsDocument["engine"];

export interface AnalysisChoice {
  engine: Engine;
  cuped: boolean;
}

export interface Reanalysis {
  /** What the job published; the page links back to it. */
  stored: AnalysisChoice;
  /** What the page shows. */
  shown: AnalysisChoice;
  /** Null when the switch works; otherwise why it is off. */
  disabledReason: string | null;
  /** Null when CUPED can be turned on; otherwise why not. */
  cupedReason: string | null;
  document: ResultsDocument;
}

/** The stored sums as the readout consumes them, or null when a snapshot predates storing them. */
function summedMetrics(doc: ResultsDocument): SummedMetric[] | null {
  const metrics: SummedMetric[] = [];
  for (const m of doc.metrics) {
    const arms: SummedMetric["arms"] = [];
    for (const v of m.variants) {
      if (!v.sums) return null;
      arms.push({ key: v.variant, sums: v.sums });
    }
    metrics.push({ key: m.metric, role: m.role, type: m.type, higherIsBetter: m.higherIsBetter, arms });
  }
  return metrics;
}

/** Covariate sums exist only when the job ran with CUPED; ratio metrics never carry them. */
function hasCovariates(metrics: SummedMetric[]): boolean {
  return metrics.some(
    (m) => m.type !== "ratio" && m.arms.length > 0 && m.arms.every((a) => a.sums.covariateSum !== undefined),
  );
}

/** The document re-analysed with another engine and CUPED on or off; alpha, correction and sequential stay as stored. */
export function reanalyse(doc: ResultsDocument, choice: AnalysisChoice): ResultsDocument {
  const metrics = summedMetrics(doc);
  if (!metrics || !doc.health) throw new Error("this snapshot has no stored sums to re-analyse");
  const settings = { ...doc.settings, engine: choice.engine, cuped: choice.cuped };
  // The split and the health checks do not depend on the engine: the stored ones stand.
  const { comparisons } = readoutOf(metrics, [], undefined, settings);
  return {
    ...doc,
    engine: choice.engine,
    settings,
    // Caps are part of the sums, whatever the engine; breakdowns stay with the published analysis.
    metrics: metricResults(metrics, comparisons, settings, doc.health).map((m, i) => {
      const capping = doc.metrics[i]?.capping;
      return capping ? { ...m, capping } : m;
    }),
    breakdowns: undefined,
  };
}

/**
 * The document to show for the page's `?engine=…&cuped=on|off` search params: the stored one when
 * they match it, are missing or invalid, or when the snapshot cannot be re-analysed.
 */
export function reanalysisFor(doc: ResultsDocument, params: URLSearchParams): Reanalysis {
  const stored = { engine: doc.engine, cuped: doc.settings.cuped };
  const metrics = summedMetrics(doc);
  const unchanged = { stored, shown: stored, document: doc };
  if (!metrics || !doc.health) {
    return {
      ...unchanged,
      disabledReason: "This snapshot predates stored sums: refresh the results to switch engine or CUPED.",
      cupedReason: null,
    };
  }
  const cupedReason = hasCovariates(metrics)
    ? null
    : "CUPED needs pre-period covariate sums, which the job stores only when the experiment runs with CUPED.";
  const engineParam = params.get("engine");
  const engine: Engine =
    engineParam === "frequentist" || engineParam === "bayesian" ? engineParam : stored.engine;
  const cupedParam = params.get("cuped");
  const wanted = cupedParam === "on" ? true : cupedParam === "off" ? false : stored.cuped;
  const shown = { engine, cuped: wanted && cupedReason === null };
  if (shown.engine === stored.engine && shown.cuped === stored.cuped) {
    return { ...unchanged, disabledReason: null, cupedReason };
  }
  return { stored, shown, disabledReason: null, cupedReason, document: reanalyse(doc, shown) };
}
