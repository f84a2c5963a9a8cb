/**
 * The model page's loader (also the version deep link's): a model's snapshots over the chosen
 * range turned into chart points and tables. Snapshots only, never predictions.
 */
import type { AppContext } from "#app/server/context.server";
import { listExperiments } from "#app/services/experiments.server";
import { latestHistograms, modelSnapshots } from "#app/services/model-dashboard.server";
import {
  breaches,
  calibrationCurve,
  confusionOf,
  dayOf,
  modelHealth,
  type PerformanceStat,
  performanceSeries,
  recentValue,
  TASK_METRICS,
} from "#app/pages/model-view";
import { distributionOf, driftHistory, driftShares, driftTable } from "#app/pages/model-drift-view";
import { DAY_MS, floorDay } from "#app/stats/monitoring-windows";
import { driftConfigFromForm } from "#app/pages/drift-settings-form";
import { fieldErrors } from "#app/pages/form-data";
import { setDriftConfig } from "#app/services/model-settings.server";
import { getModel } from "#app/services/models.server";
import { driftConfigSchema } from "#lib/contracts/models";
import { notFound } from "#lib/errors";
import { runJobNow } from "./jobs.server";
import { DRIFT_SUBJECTS, type DriftSubject } from "#lib/vocabulary";

export const RANGES = [7, 30, 90] as const;
const DEFAULT_RANGE = 30;
/** Calibration and confusion pool the latest days: one day's late labels are too few. */
const RECENT_DAYS = 7;

export interface ModelPageQuery {
  /** Only this version (the deep link, or the selector); all versions overlaid otherwise. */
  version: string | null;
  days: number;
  /** The drill-down's subject, as "kind:name". */
  feature: { kind: DriftSubject; name: string } | null;
}

export function readModelQuery(url: URL, version?: string): ModelPageQuery {
  const days = Number(url.searchParams.get("days"));
  const feature = url.searchParams.get("feature");
  const [kind, ...rest] = feature?.split(":") ?? [];
  const isSubject = (k: string | undefined): k is DriftSubject => DRIFT_SUBJECTS.some((s) => s === k);
  return {
    version: version ?? url.searchParams.get("version") ?? null,
    days: RANGES.some((r) => r === days) ? days : DEFAULT_RANGE,
    feature: isSubject(kind) && rest.length > 0 ? { kind, name: rest.join(":") } : null,
  };
}

const within = (from: number, to: number) => (s: PerformanceStat) => {
  const t = Date.parse(s.windowStart);
  return t >= from && t < to;
};

export async function modelPage(ctx: AppContext, key: string, query: ModelPageQuery) {
  const now = ctx.now();
  const from = new Date(floorDay(now).getTime() - (query.days - 1) * DAY_MS);
  const { model, drift, performance } = await modelSnapshots(ctx.db, key, from);
  if (query.version !== null && !model.versions.some((v) => v.version === query.version))
    throw notFound(`Model "${key}" has no version "${query.version}"`);
  const shown = model.versions
    .map((v) => v.version)
    .filter((v) => query.version === null || v === query.version);
  const shownDrift = drift.filter((d) => shown.includes(d.version));

  const inRange = performance.filter(within(from.getTime(), Number.POSITIVE_INFINITY));
  const metrics = TASK_METRICS[model.task].map((spec) => {
    const points = performanceSeries(inRange, spec, shown);
    const latest = Object.fromEntries(
      shown.map((v) => [v, recentValue(points, v, dayOf(now.toISOString()))]),
    );
    return { ...spec, points, latest };
  });
  const breached = metrics.flatMap((spec) =>
    shown
      .filter((v) => breaches(spec, spec.latest[v] ?? null))
      .map((version) => ({ version, label: spec.label })),
  );
  const rows = driftTable(shownDrift, dayOf(now.toISOString()));
  const shares = driftShares(rows, shown);
  const lastPredictionAt =
    model.versions
      .filter((v) => shown.includes(v.version))
      .map((v) => v.lastPredictionAt)
      .filter((t): t is string => t !== null)
      .sort()
      .at(-1) ?? null;

  const recentFrom = floorDay(now).getTime() - (RECENT_DAYS - 1) * DAY_MS;
  const classification = model.task === "binary_classification";
  const [score, feature, experiments] = await Promise.all([
    latestHistograms(ctx.db, key, { kind: "score", feature: "score" }, { from, today: floorDay(now) }),
    query.feature
      ? latestHistograms(
          ctx.db,
          key,
          { kind: query.feature.kind, feature: query.feature.name },
          { from, today: floorDay(now) },
        )
      : Promise.resolve([]),
    listExperiments(ctx.db),
  ]);

  return {
    model: { key: model.key, name: model.name, task: model.task, description: model.description },
    driftConfig: model.driftConfig,
    /** Every subject the drift job compares, for the settings form (the score and label by those names). */
    settingsFeatures: [
      ...new Set([
        ...drift.filter((d) => d.kind === "feature").map((d) => d.feature),
        ...Object.keys(model.driftConfig?.features ?? {}),
      ]),
    ].sort(),
    versions: model.versions.map((v) => ({
      version: v.version,
      predictions: v.predictions,
      firstPredictionAt: v.firstPredictionAt,
      lastPredictionAt: v.lastPredictionAt,
      reference: v.reference,
      arms: experiments.flatMap((e) =>
        e.variants
          .filter((a) => a.model === model.key && a.modelVersion === v.version)
          .map((a) => ({ experiment: e.key, name: e.name, variant: a.key, status: e.status })),
      ),
    })),
    query,
    shown,
    from: from.toISOString(),
    health: modelHealth({ lastPredictionAt, now, shares, breached }),
    shares,
    metrics: metrics.map(({ latest: _latest, ...m }) => m),
    drift: rows,
    score: score
      .filter((s) => shown.includes(s.version))
      .map((s) => ({
        version: s.version,
        day: dayOf(s.windowStart),
        distribution: distributionOf(s.details),
      })),
    calibration: classification
      ? shown.map((version) => {
          const ece = performance.filter((s) => s.version === version && s.metric === "ece");
          const reference = model.versions.find((v) => v.version === version)?.reference;
          return {
            version,
            current: calibrationCurve(ece.filter(within(recentFrom, Number.POSITIVE_INFINITY))),
            reference: reference
              ? calibrationCurve(ece.filter(within(Date.parse(reference.from), Date.parse(reference.to))))
              : [],
            confusion: confusionOf(
              performance.filter(
                (s) =>
                  s.version === version &&
                  s.metric === "precision" &&
                  within(recentFrom, Number.POSITIVE_INFINITY)(s),
              ),
            ),
          };
        })
      : [],
    recentDays: RECENT_DAYS,
    drillDown: query.feature
      ? {
          ...query.feature,
          versions: shown.map((version) => {
            const latest = feature.find((f) => f.version === version);
            return {
              version,
              day: latest ? dayOf(latest.windowStart) : null,
              distribution: latest ? distributionOf(latest.details) : null,
              history: driftHistory(
                shownDrift,
                version,
                query.feature?.kind ?? "feature",
                query.feature?.name ?? "",
              ),
              row: rows.find(
                (r) =>
                  r.version === version &&
                  r.kind === query.feature?.kind &&
                  r.feature === query.feature?.name,
              ),
            };
          }),
        }
      : null,
  };
}

export type ModelPageData = Awaited<ReturnType<typeof modelPage>>;

/**
 * The drift settings form: checked by the API's DriftConfig schema (errors beside their fields),
 * saved, then the drift job recomputes this model at once so the page shows the new verdicts.
 */
export async function saveDriftSettings(ctx: AppContext, key: string, form: FormData) {
  const model = await getModel(ctx.db, key);
  const parsed = driftConfigSchema.safeParse(driftConfigFromForm(form, model.driftConfig));
  if (!parsed.success) return { errors: fieldErrors(parsed.error.issues), run: null };
  await setDriftConfig(ctx.db, key, parsed.data);
  const { run } = await runJobNow(ctx, "model-drift", key);
  return { errors: null, run };
}
