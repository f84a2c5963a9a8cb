import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose } from "#app/stats/expect-close";
import { integers, uniforms } from "#app/stats/drift/test-data";
import { queryRankingMetrics, type RankedItem, rankingMetrics } from "./ranking";

// Expected values: sklearn 1.2.1 ndcg_score / average_precision_score and the formulas in
// scripts/reference/performance_ranking.py, on the queries regenerated here.
function query(q: number): RankedItem[] {
  const n = 4 + (q % 7);
  const scores = uniforms(100 + q, n);
  const rel = q % 10 === 3 ? new Array<number>(n).fill(0) : integers(200 + q, n, 4);
  return scores.map((score, i) => ({ score, relevance: rel[i] ?? 0 }));
}
const QUERIES = Array.from({ length: 30 }, (_, q) => query(q));

// k: [evaluated, ndcg, mrr, precision, recall, map, hit rate]
const EXPECTED: Record<number, number[]> = {
  3: [
    27, 0.6391298471142624, 0.8703703703703703, 0.8271604938271605, 0.49880952380952376, 0.7705761316872428,
    0.9629629629629629,
  ],
  5: [
    27, 0.699235949506066, 0.8796296296296297, 0.7333333333333334, 0.7579218106995886, 0.7509156378600823,
    1.0,
  ],
  10: [27, 0.8009175486627867, 0.8796296296296297, 0.5222222222222221, 1.0, 0.8277745758797346, 1.0],
};

describe("rankingMetrics matches sklearn and the reference formulas", () => {
  for (const [k, [evaluated, ndcg, mrr, precision, recall, map, hitRate]] of Object.entries(EXPECTED)) {
    it(`k=${k}`, () => {
      const r = rankingMetrics(QUERIES, Number(k));
      expect(r).toMatchObject({
        queryCount: 30,
        evaluatedQueries: evaluated,
        excludedQueries: 3,
        invalidQueries: 0,
      });
      expectClose(r.ndcg, ndcg ?? 0, 1e-10);
      expectClose(r.mrr, mrr ?? 0, 1e-12);
      expectClose(r.precision, precision ?? 0, 1e-12);
      expectClose(r.recall, recall ?? 0, 1e-12);
      expectClose(r.map, map ?? 0, 1e-12);
      expectClose(r.hitRate, hitRate ?? 0, 1e-12);
    });
  }
  it("MAP@k with k ≥ list length equals mean sklearn average_precision_score", () => {
    expectClose(rankingMetrics(QUERIES, 10).map, 0.8277745758797345, 1e-12);
  });
  it("single query NDCG matches ndcg_score with and without k", () => {
    const q5 = query(5);
    expectClose(queryRankingMetrics(q5, 3)?.ndcg, 0.80261205935609, 1e-12);
    expectClose(queryRankingMetrics(q5, 100)?.ndcg, 0.8978291053782694, 1e-12);
  });
  it("ranks give the same result as the scores they come from", () => {
    const ranked = QUERIES.map((items) => {
      const order = [...items].sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
      return items.map((it) => ({ rank: order.indexOf(it) + 1, relevance: it.relevance }));
    });
    expect(rankingMetrics(ranked, 5)).toEqual(rankingMetrics(QUERIES, 5));
  });
});

describe("ranking edge cases", () => {
  it("queries without relevant items are excluded and counted", () => {
    const r = rankingMetrics([[{ score: 1, relevance: 0 }]], 5);
    expect(r).toMatchObject({
      evaluatedQueries: 0,
      excludedQueries: 1,
      ndcg: null,
      status: "NOT_ENOUGH_DATA",
    });
  });
  it("queries that can be ordered neither by rank nor by score are invalid", () => {
    const r = rankingMetrics([[{ relevance: 1 }], [{ score: 0.5, relevance: 1 }]], 5);
    expect(r).toMatchObject({ evaluatedQueries: 1, invalidQueries: 1, ndcg: 1 });
    expect(rankingMetrics([[{ score: 1, relevance: -1 }]], 5).invalidQueries).toBe(1);
  });
  it("invalid k and empty input", () => {
    expect(rankingMetrics(QUERIES, 0).status).toBe("INVALID_INPUT");
    expect(rankingMetrics([], 5).status).toBe("NOT_ENOUGH_DATA");
  });
  it("precision@k divides by k even for short lists", () => {
    expect(queryRankingMetrics([{ rank: 1, relevance: 1 }], 5)?.precision).toBe(0.2);
  });
  it("all metrics lie in [0, 1]", () => {
    const item = fc.record({
      score: fc.double({ min: 0, max: 1, noNaN: true }),
      relevance: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(item, { minLength: 1, maxLength: 12 }), { maxLength: 10 }),
        fc.integer({ min: 1, max: 15 }),
        (qs, k) => {
          const r = rankingMetrics(qs, k);
          for (const v of [r.ndcg, r.mrr, r.precision, r.recall, r.map, r.hitRate]) {
            if (v !== null) {
              expect(v).toBeGreaterThanOrEqual(0);
              expect(v).toBeLessThanOrEqual(1 + 1e-12);
            }
          }
          expect(r.evaluatedQueries + r.excludedQueries + r.invalidQueries).toBe(qs.length);
        },
      ),
    );
  });
});
