/**
 * Ranking metrics at a cut-off k, computed per query and then averaged over queries.
 *
 * - Order within a query: ascending `rank` when every item has one, otherwise descending `score`;
 *   ties keep input order (sklearn's ndcg_score would instead average over tied orderings).
 * - An item is relevant when relevance > 0; NDCG uses the graded relevance as linear gain.
 * - NDCG@k = DCG@k / IDCG@k, DCG@k = Σ_{i ≤ k} rel_i / log₂(i + 1); IDCG@k is the DCG@k of the
 *   query's own relevances sorted descending (Järvelin & Kekäläinen 2002; sklearn ndcg_score).
 * - MRR@k = 1/(position of the first relevant item) if it is within k, else 0.
 * - precision@k = relevant in top k / k (k, not the list length, so short lists are penalised);
 *   recall@k = relevant in top k / relevant in the query; hit rate@k = 1 if any relevant in top k.
 * - MAP@k: AP@k = Σ_{i ≤ k, rel_i > 0} precision@i / min(k, R) with R the query's relevant count
 *   (equals sklearn average_precision_score when k ≥ list length).
 * - Queries without any relevant item are excluded from every average (their NDCG and recall are
 *   undefined) and counted in `excludedQueries`; queries with invalid items in `invalidQueries`.
 */
import type { PerformanceStatus } from "./types";

export interface RankedItem {
  /** 1-based position in the served list (takes precedence over score). */
  rank?: number;
  /** Model score; higher is ranked first. */
  score?: number;
  /** Graded relevance ≥ 0; > 0 means relevant. */
  relevance: number;
}

export interface QueryRankingMetrics {
  ndcg: number;
  mrr: number;
  precision: number;
  recall: number;
  averagePrecision: number;
  hit: number;
}

export interface RankingMetrics {
  k: number;
  queryCount: number;
  evaluatedQueries: number;
  excludedQueries: number;
  invalidQueries: number;
  ndcg: number | null;
  mrr: number | null;
  precision: number | null;
  recall: number | null;
  map: number | null;
  hitRate: number | null;
  status: PerformanceStatus;
}

/** Relevances in served order, or null when the query's items can be ordered neither by rank nor by score. */
function orderedRelevances(items: readonly RankedItem[]): number[] | null {
  if (!items.every((it) => Number.isFinite(it.relevance) && it.relevance >= 0)) return null;
  const byRank = items.every((it) => it.rank !== undefined && Number.isFinite(it.rank));
  const byScore = items.every((it) => it.score !== undefined && Number.isFinite(it.score));
  if (!byRank && !byScore) return null;
  const indexed = items.map((it, i) => ({ it, i }));
  // Array.prototype.sort is stable, so ties keep input order.
  indexed.sort((a, b) =>
    byRank ? (a.it.rank ?? 0) - (b.it.rank ?? 0) : (b.it.score ?? 0) - (a.it.score ?? 0),
  );
  return indexed.map(({ it }) => it.relevance);
}

function dcg(relevances: readonly number[], k: number): number {
  let total = 0;
  const limit = Math.min(k, relevances.length);
  // log(i + 2)/log(2) rather than Math.log2 to follow sklearn's discount arithmetic.
  for (let i = 0; i < limit; i++) total += (relevances[i] ?? 0) / (Math.log(i + 2) / Math.LN2);
  return total;
}

/**
 * Per-query NDCG@k, MRR@k, precision@k, recall@k, AP@k and hit@k (definitions above); null when
 * the query has no relevant item or invalid items.
 */
export function queryRankingMetrics(items: readonly RankedItem[], k: number): QueryRankingMetrics | null {
  const rels = orderedRelevances(items);
  if (rels === null || !(k >= 1)) return null;
  const relevantTotal = rels.filter((r) => r > 0).length;
  if (relevantTotal === 0) return null;
  const ideal = [...rels].sort((a, b) => b - a);
  const limit = Math.min(k, rels.length);
  let hits = 0;
  let firstHit = 0;
  let apSum = 0;
  for (let i = 0; i < limit; i++) {
    if ((rels[i] ?? 0) > 0) {
      hits++;
      if (firstHit === 0) firstHit = i + 1;
      apSum += hits / (i + 1);
    }
  }
  return {
    ndcg: dcg(rels, k) / dcg(ideal, k),
    mrr: firstHit > 0 ? 1 / firstHit : 0,
    precision: hits / k,
    recall: hits / relevantTotal,
    averagePrecision: apSum / Math.min(k, relevantTotal),
    hit: hits > 0 ? 1 : 0,
  };
}

/** Mean NDCG@k, MRR@k, precision@k, recall@k, MAP@k and hit rate@k over queries (definitions above). */
export function rankingMetrics(queries: readonly (readonly RankedItem[])[], k: number = 10): RankingMetrics {
  const base = { k, queryCount: queries.length };
  const none = { ndcg: null, mrr: null, precision: null, recall: null, map: null, hitRate: null };
  if (!(Number.isInteger(k) && k >= 1)) {
    return {
      ...base,
      ...none,
      evaluatedQueries: 0,
      excludedQueries: 0,
      invalidQueries: 0,
      status: "INVALID_INPUT",
    };
  }
  let excluded = 0;
  let invalid = 0;
  const per: QueryRankingMetrics[] = [];
  for (const q of queries) {
    if (orderedRelevances(q) === null) {
      invalid++;
      continue;
    }
    const m = queryRankingMetrics(q, k);
    if (m === null) excluded++;
    else per.push(m);
  }
  const counts = { evaluatedQueries: per.length, excludedQueries: excluded, invalidQueries: invalid };
  if (per.length === 0) return { ...base, ...none, ...counts, status: "NOT_ENOUGH_DATA" };
  const mean = (f: (m: QueryRankingMetrics) => number) => per.reduce((s, m) => s + f(m), 0) / per.length;
  return {
    ...base,
    ...counts,
    ndcg: mean((m) => m.ndcg),
    mrr: mean((m) => m.mrr),
    precision: mean((m) => m.precision),
    recall: mean((m) => m.recall),
    map: mean((m) => m.averagePrecision),
    hitRate: mean((m) => m.hit),
    status: "ok",
  };
}
