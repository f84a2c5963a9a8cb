/**
 * The experiment page's view model, built from the experiment, its latest results snapshot and its
 * daily history: only what the page draws (no salt, no raw sums), with the forest plot's shared
 * axis per metric worked out here so the component just draws.
 */
import type { z } from "zod";
import type { ExperimentView } from "#lib/contracts/experiments";
import { resultsSchema } from "#lib/contracts/results";
import { type HealthProblem, healthProblems } from "./experiment-health";
import { type VerdictKind, verdictOf } from "#app/ui/verdict";
import { minimumDetectableEffect } from "#app/stats/experiment/power";
import { formatMean } from "#app/ui/format";

type ResultsDocument = z.output<typeof resultsSchema>;

/** A stored snapshot read through the published results schema (the column itself is untyped JSON). */
export const readResults = (stored: unknown): ResultsDocument => resultsSchema.parse(stored);

export interface ResultRow {
  variant: string;
  label: string;
  isControl: boolean;
  units: number;
  mean: number | null;
  lift: number | null;
  low: number | null;
  high: number | null;
  pValue: number | null;
  adjustedPValue: number | null;
  chanceToWin: number | null;
  risk: { control: number; variant: number } | null;
  varianceReduction: number | null;
  verdict: VerdictKind | null;
  status: string | null;
  /**
   * The smallest relative change this comparison could detect with 80% power at the units it has
   * (null where it cannot be said: ratio metrics, no stored sums, a degenerate control): what an
   * inconclusive or "not enough data" verdict honestly means.
   */
  detectableLift: number | null;
}

export interface MetricGroup {
  metric: string;
  name: string;
  role: "primary" | "secondary" | "guardrail";
  type: "proportion" | "mean" | "ratio";
  higherIsBetter: boolean;
  /** How the per-unit values were capped in this snapshot, in words; null when uncapped. */
  capping: string | null;
  /** The value each unit's metric was capped at in this snapshot; null when uncapped (or no cap yet). */
  cap: number | null;
  /** The forest plot's axis, shared by the group's rows, always including zero. */
  axis: { min: number; max: number };
  rows: ResultRow[];
}

export interface LiftSeries {
  metric: string;
  name: string;
  variant: string;
  label: string;
  points: Array<{ day: string; lift: number | null; low: number | null; high: number | null }>;
}

export interface ResultsView {
  computedAt: string;
  asOf: string;
  engine: "frequentist" | "bayesian";
  alpha: number;
  sequential: boolean;
  correction: "none" | "holm" | "bh";
  cuped: boolean;
  srm: {
    flagged: boolean;
    pValue: number | null;
    arms: Array<{ variant: string; label: string; units: number; share: number; expected: number }>;
  };
  health: HealthProblem[];
  groups: MetricGroup[];
  unitsPerDay: Array<{ day: string } & Record<string, number | string>>;
}

const ROLE_ORDER = { primary: 0, secondary: 1, guardrail: 2 } as const;

export function armLabels(experiment: Pick<ExperimentView, "variants">): Map<string, string> {
  return new Map(experiment.variants.map((v) => [v.key, v.name ?? v.key]));
}

function sharedAxis(rows: ResultRow[]): { min: number; max: number } {
  const ends = rows.flatMap((r) => [r.low, r.high, r.lift]).filter((x): x is number => x !== null);
  const min = Math.min(0, ...ends);
  const max = Math.max(0, ...ends);
  // A little room either side so the ends of the widest interval are not cut by the frame.
  const pad = (max - min || 0.02) * 0.08;
  return { min: min - pad, max: max + pad };
}

type StoredArm = ResultsDocument["metrics"][number]["variants"][number];

/** Relative MDE (80% power, two-sided at α) of control vs variant, from the stored sums (power.ts). */
export function detectableLift(
  type: "proportion" | "mean" | "ratio",
  control: StoredArm,
  variant: StoredArm,
  alpha: number,
): number | null {
  const c = control.sums;
  const n = Math.min(control.sums?.n ?? 0, variant.sums?.n ?? 0);
  if (!c || n < 2 || type === "ratio") return null;
  const mean = c.sum / c.n;
  const baseline =
    type === "proportion"
      ? ({ metricType: "proportion", baselineRate: mean } as const)
      : ({
          metricType: "mean",
          mean,
          standardDeviation: Math.sqrt(Math.max(0, ((c.sumSquares ?? 0) - c.n * mean * mean) / (c.n - 1))),
        } as const);
  const mde = minimumDetectableEffect(baseline, n, { alpha, power: 0.8 });
  return mde.status === "ok" && Number.isFinite(mde.relativeMde) ? mde.relativeMde : null;
}

export function resultsView(
  experiment: Pick<ExperimentView, "variants">,
  results: ResultsDocument,
  metricNames: Map<string, string>,
): ResultsView {
  const labels = armLabels(experiment);
  const label = (key: string) => labels.get(key) ?? key;
  const totalUnits = Object.values(results.srm.counts).reduce((a, b) => a + b, 0);
  const groups = [...results.metrics]
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role])
    .map((m) => {
      const rows = m.variants.map(
        (v, i): ResultRow => ({
          variant: v.variant,
          label: label(v.variant),
          isControl: i === 0,
          units: v.units,
          mean: v.mean,
          lift: v.relativeLift ?? null,
          low: v.ciLow ?? null,
          high: v.ciHigh ?? null,
          pValue: v.pValue ?? null,
          adjustedPValue: v.adjustedPValue ?? null,
          chanceToWin: v.chanceToWin ?? null,
          risk: v.risk ?? null,
          varianceReduction: v.varianceReduction ?? null,
          verdict: i === 0 ? null : verdictOf(v),
          status: v.status ?? null,
          detectableLift:
            i === 0 || !m.variants[0]
              ? null
              : detectableLift(m.type, m.variants[0], v, results.settings.alpha),
        }),
      );
      return {
        metric: m.metric,
        name: metricNames.get(m.metric) ?? m.metric,
        role: m.role,
        type: m.type,
        higherIsBetter: m.higherIsBetter,
        capping: cappingText(m.capping),
        cap: m.capping?.cap ?? null,
        axis: sharedAxis(rows.filter((r) => !r.isControl)),
        rows,
      };
    });
  return {
    computedAt: results.computedAt,
    asOf: results.asOf,
    engine: results.engine,
    alpha: results.settings.alpha,
    // Sequential testing and corrections are frequentist: a Bayesian re-analysis uses neither.
    sequential: results.engine === "frequentist" && results.settings.sequential !== false,
    correction: results.engine === "frequentist" ? results.settings.correction : "none",
    cuped: results.settings.cuped,
    srm: {
      flagged: results.srm.flagged,
      pValue: results.srm.pValue,
      arms: experiment.variants.map((v) => {
        const units = results.srm.counts[v.key] ?? 0;
        return {
          variant: v.key,
          label: label(v.key),
          units,
          share: totalUnits > 0 ? units / totalUnits : 0,
          expected: v.weight,
        };
      }),
    },
    health: healthProblems(results),
    groups,
    unitsPerDay: results.unitsPerDay.map((d) => ({ day: d.day, ...d.counts })),
  };
}

function cappingText(capping: ResultsDocument["metrics"][number]["capping"]): string | null {
  if (!capping) return null;
  const at = capping.cap === null ? "not capped yet" : `capped at ${formatMean(capping.cap, "mean")}`;
  if (capping.type === "absolute") return at;
  const p = `p${Number((capping.value * 100).toPrecision(6))}`;
  return `${at} (${p} of ${capping.ignoreZeros ? "non-zero values" : "all units"})`;
}

/** Cumulative lift per metric and treatment, one point per stored snapshot (oldest first). */
export function liftHistory(
  experiment: Pick<ExperimentView, "variants">,
  snapshots: ResultsDocument[],
  metricNames: Map<string, string>,
): LiftSeries[] {
  const labels = armLabels(experiment);
  const series = new Map<string, LiftSeries>();
  for (const snapshot of snapshots) {
    for (const m of snapshot.metrics) {
      for (const v of m.variants.slice(1)) {
        const id = `${m.metric}/${v.variant}`;
        let entry = series.get(id);
        if (!entry) {
          entry = {
            metric: m.metric,
            name: metricNames.get(m.metric) ?? m.metric,
            variant: v.variant,
            label: labels.get(v.variant) ?? v.variant,
            points: [],
          };
          series.set(id, entry);
        }
        entry.points.push({
          day: snapshot.asOf,
          lift: v.relativeLift ?? null,
          low: v.ciLow ?? null,
          high: v.ciHigh ?? null,
        });
      }
    }
  }
  return [...series.values()];
}
