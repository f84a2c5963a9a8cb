/**
 * Sufficient statistics of model performance per daily window, one statement per version and
 * task covering all its windows. Only labelled predictions enter the metrics; every prediction
 * counts towards the label coverage.
 */
import { type SQL, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { float8Array, toNumber, toNumberOrNull } from "#db/sql-helpers";
import { type ScanWindow, usableLabel, windowedPredictions } from "./model-sql";

export interface Coverage {
  predictions: number;
  labelled: number;
}

export interface ClassificationSums extends Coverage {
  positives: number;
  negatives: number;
  /** Σ mid-ranks (ascending score, ties averaged) of the positives: the Mann–Whitney rank sum. */
  positiveRankSum: number;
  /** Σ per-row log loss with probabilities clipped to [eps, 1 − eps]. */
  logLossSum: number;
  sumP2: number;
  sumPY: number;
  sumY: number;
  confusion: { tp: number; fp: number; tn: number; fn: number };
  /** Per calibration bin (0…bins−1): count, Σ score, Σ label. */
  calibration: Array<{ count: number; sumScore: number; sumLabel: number }>;
}

export interface RegressionSumsRow extends Coverage {
  sumY: number;
  sumY2: number;
  sumSquaredError: number;
  sumAbsoluteError: number;
  sumAbsolutePercentageError: number;
  sumSquaredDeviation: number;
}

export interface RankingAtK {
  ndcg: number | null;
  mrr: number | null;
  precision: number | null;
  recall: number | null;
  map: number | null;
  hitRate: number | null;
}

export interface RankingSums extends Coverage {
  /** Queries with at least one labelled item. */
  queries: number;
  /** Of those, queries with a relevant item: the ones averaged. */
  evaluatedQueries: number;
  atK: Map<number, RankingAtK>;
}

/**
 * Predictions of the windows, with their label when there is one. A prediction whose stored
 * label is out of range or not finite is left out altogether (as one with such a score is):
 * counted as unlabelled it would still lower the label coverage.
 */
function labelledWindows(versionId: number, windows: readonly ScanWindow[], columns: SQL): SQL {
  return sql`
    select win.idx, ${columns}, l.label
    from ${windowedPredictions(versionId, windows, columns)}
    left join labels l on l.prediction_id = p.id
    where l.label is null or ${usableLabel}`;
}

/**
 * Binary classification: label counts, the positives' rank sum for an exact AUC (rank() and the
 * size of each tie group give mid-ranks), the clipped log-loss sum, Brier sums, confusion counts
 * at `threshold` (score ≥ threshold is positive) and calibration bins. A score equal to an
 * interior calibration edge goes to the lower bin (sklearn calibration_curve), hence the
 * width_bucket correction.
 */
export async function classificationSums(
  handle: DbHandle,
  input: {
    versionId: number;
    windows: readonly ScanWindow[];
    threshold: number;
    logLossEps: number;
    calibrationEdges: readonly number[];
  },
): Promise<Map<number, ClassificationSums>> {
  const edges = float8Array(input.calibrationEdges);
  const eps = input.logLossEps;
  const rows = await handle.rows<Record<string, unknown>>(sql`
    with base as materialized (${labelledWindows(input.versionId, input.windows, sql`p.id, p.score`)}),
    labelled as (select idx, score, label from base where label is not null),
    ranks as (
      select idx, sum(mid_rank) filter (where label = 1) as positive_rank_sum
      from (
        select idx, label,
          rank() over (partition by idx order by score) + (count(*) over (partition by idx, score) - 1) / 2.0 as mid_rank
        from labelled
      ) r
      group by idx
    ),
    calibration as (
      select idx, json_agg(json_build_array(bin, n, sum_score, sum_label)) as bins
      from (
        select idx, width_bucket(score, ${edges}) - (score = any(${edges}))::int as bin,
          count(*) as n, sum(score) as sum_score, sum(label) as sum_label
        from labelled group by 1, 2
      ) b
      group by idx
    ),
    totals as (
      select idx,
        count(*) as predictions,
        count(label) as labelled,
        count(*) filter (where label = 1) as positives,
        count(*) filter (where label = 0) as negatives,
        sum(-ln(case when label = 1 then clipped else 1 - clipped end)) filter (where label is not null) as log_loss_sum,
        sum(score * score) filter (where label is not null) as sum_p2,
        sum(score * label) as sum_py,
        sum(label) as sum_y,
        count(*) filter (where label = 1 and score >= ${input.threshold}) as tp,
        count(*) filter (where label = 0 and score >= ${input.threshold}) as fp,
        count(*) filter (where label = 0 and score < ${input.threshold}) as tn,
        count(*) filter (where label = 1 and score < ${input.threshold}) as fn
      from (
        select idx, score, label,
          least(greatest(score, ${eps}::float8), 1 - ${eps}::float8) as clipped
        from base
      ) b
      group by idx
    )
    select * from totals left join ranks using (idx) left join calibration using (idx)`);
  const bins = input.calibrationEdges.length + 1;
  return new Map(
    rows.map((r) => {
      const calibration = Array.from({ length: bins }, () => ({ count: 0, sumScore: 0, sumLabel: 0 }));
      for (const [bin, n, sumScore, sumLabel] of (r.bins ?? []) as number[][]) {
        calibration[Number(bin)] = {
          count: toNumber(n),
          sumScore: toNumber(sumScore),
          sumLabel: toNumber(sumLabel),
        };
      }
      return [
        toNumber(r.idx),
        {
          predictions: toNumber(r.predictions),
          labelled: toNumber(r.labelled),
          positives: toNumber(r.positives),
          negatives: toNumber(r.negatives),
          positiveRankSum: toNumber(r.positive_rank_sum),
          logLossSum: toNumber(r.log_loss_sum),
          sumP2: toNumber(r.sum_p2),
          sumPY: toNumber(r.sum_py),
          sumY: toNumber(r.sum_y),
          confusion: { tp: toNumber(r.tp), fp: toNumber(r.fp), tn: toNumber(r.tn), fn: toNumber(r.fn) },
          calibration,
        },
      ];
    }),
  );
}

/** Regression: the sums of regressionMetricsFromSums; Σ(y − ȳ)² as n·var_pop(y) (numerically stable). */
export async function regressionSums(
  handle: DbHandle,
  input: { versionId: number; windows: readonly ScanWindow[]; mapeEpsilon: number },
): Promise<Map<number, RegressionSumsRow>> {
  const rows = await handle.rows<Record<string, unknown>>(sql`
    select idx,
      count(*) as predictions,
      count(label) as labelled,
      sum(label) as sum_y,
      sum(label * label) as sum_y2,
      sum((label - score) * (label - score)) as sse,
      sum(abs(label - score)) as sae,
      sum(abs(label - score) / greatest(abs(label), ${input.mapeEpsilon}::float8)) as sape,
      var_pop(label) * count(label) as ssd
    from (${labelledWindows(input.versionId, input.windows, sql`p.id, p.score`)}) b
    group by idx`);
  return new Map(
    rows.map((r) => [
      toNumber(r.idx),
      {
        predictions: toNumber(r.predictions),
        labelled: toNumber(r.labelled),
        sumY: toNumber(r.sum_y),
        sumY2: toNumber(r.sum_y2),
        sumSquaredError: toNumber(r.sse),
        sumAbsoluteError: toNumber(r.sae),
        sumAbsolutePercentageError: toNumber(r.sape),
        sumSquaredDeviation: toNumber(r.ssd),
      },
    ]),
  );
}

/**
 * Ranking metrics at each k, per query then averaged over the queries that have a relevant item,
 * all in SQL. A query is the predictions sharing `query` within a window. Position is the
 * served `rank`, or the position by descending score when the rank is null. Only labelled items
 * are evaluated (relevance = label, relevant = label > 0); the ideal order for NDCG is the
 * query's own labels sorted descending. Linear gain, log2(position + 1) discount.
 */
export async function rankingSums(
  handle: DbHandle,
  input: { versionId: number; windows: readonly ScanWindow[]; ks: readonly number[] },
): Promise<Map<number, RankingSums>> {
  const perQuery = input.ks.map((k) => {
    const c = (name: string) => sql.raw(`${name}_${k}`);
    return sql`
      sum(rel / (ln(pos + 1) / ln(2::float8))) filter (where pos <= ${k}) as ${c("dcg")},
      sum(rel / (ln(ideal_pos + 1) / ln(2::float8))) filter (where ideal_pos <= ${k}) as ${c("idcg")},
      count(*) filter (where rel > 0 and pos <= ${k}) as ${c("hits")},
      sum(hits_so_far / pos) filter (where rel > 0 and pos <= ${k}) as ${c("ap")}`;
  });
  const perWindow = input.ks.map((k) => {
    const c = (name: string) => sql.raw(`${name}_${k}`);
    return sql`
      avg(coalesce(${c("dcg")}, 0) / ${c("idcg")}) filter (where relevant > 0) as ${c("ndcg")},
      avg(case when first_relevant <= ${k} then 1 / first_relevant else 0 end) filter (where relevant > 0) as ${c("mrr")},
      avg(${c("hits")}::float8 / ${k}) filter (where relevant > 0) as ${c("precision")},
      avg(${c("hits")}::float8 / relevant) filter (where relevant > 0) as ${c("recall")},
      avg(coalesce(${c("ap")}, 0) / least(${k}, relevant)) filter (where relevant > 0) as ${c("map")},
      avg((${c("hits")} > 0)::int::float8) filter (where relevant > 0) as ${c("hit_rate")}`;
  });
  const rows = await handle.rows<Record<string, unknown>>(sql`
    with base as materialized (
      select idx, query, id, label as rel, score,
        coalesce(rank, row_number() over (partition by idx, query order by score desc, id))::float8 as pos
      from (${labelledWindows(input.versionId, input.windows, sql`p.id, p.query, p.score, p.rank`)}) b
    ),
    coverage as (select idx, count(*) as predictions, count(rel) as labelled from base group by idx),
    items as (
      select idx, query, rel, pos,
        row_number() over (partition by idx, query order by rel desc, pos, id)::float8 as ideal_pos,
        count(*) filter (where rel > 0) over (
          partition by idx, query order by pos, id rows between unbounded preceding and current row
        )::float8 as hits_so_far
      from base
      where rel is not null and query is not null
    ),
    queries as (
      select idx, query,
        count(*) filter (where rel > 0) as relevant,
        min(pos) filter (where rel > 0) as first_relevant,
        ${sql.join(perQuery, sql`,`)}
      from items group by idx, query
    ),
    averages as (
      select idx, count(*) as queries, count(*) filter (where relevant > 0) as evaluated,
        ${sql.join(perWindow, sql`,`)}
      from queries group by idx
    )
    select * from coverage left join averages using (idx)`);
  return new Map(
    rows.map((r) => [
      toNumber(r.idx),
      {
        predictions: toNumber(r.predictions),
        labelled: toNumber(r.labelled),
        queries: toNumber(r.queries),
        evaluatedQueries: toNumber(r.evaluated),
        atK: new Map(
          input.ks.map((k) => [
            k,
            {
              ndcg: toNumberOrNull(r[`ndcg_${k}`]),
              mrr: toNumberOrNull(r[`mrr_${k}`]),
              precision: toNumberOrNull(r[`precision_${k}`]),
              recall: toNumberOrNull(r[`recall_${k}`]),
              map: toNumberOrNull(r[`map_${k}`]),
              hitRate: toNumberOrNull(r[`hit_rate_${k}`]),
            },
          ]),
        ),
      },
    ]),
  );
}
