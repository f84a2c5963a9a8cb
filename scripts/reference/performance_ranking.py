"""Reference values for app/stats/performance/ranking.test.ts.
Run with Debian's /usr/bin/python3 (scikit-learn 1.2.1); samples come from drift_data.py.

Queries q = 0..29: length L = 4 + q % 7, scores = uniforms(100 + q, L) (distinct, so sklearn's
tie averaging never applies), relevance = integers(200 + q, L, 4), except that queries with
q % 10 == 3 get all-zero relevance (excluded from the averages).
NDCG: sklearn ndcg_score per query; MAP at k >= every list length: sklearn
average_precision_score; MRR, precision@k, recall@k, hit@k and AP@k for small k from their formulas.
"""
import numpy as np
from sklearn.metrics import average_precision_score, ndcg_score

from drift_data import integers, uniforms


def query(q):
    n = 4 + q % 7
    rel = [0] * n if q % 10 == 3 else integers(200 + q, n, 4)
    return np.array(uniforms(100 + q, n)), np.array(rel, dtype=float)


def per_query(scores, rel, k):
    order = np.argsort(-scores, kind="stable")
    r = rel[order] > 0
    top = r[:k]
    total = r.sum()
    hits = np.cumsum(top)
    first = np.argmax(top) + 1 if top.any() else 0
    ap = float(np.sum(hits[top] / (np.arange(len(top)) + 1)[top]) / min(k, total))
    return dict(
        ndcg=ndcg_score([rel], [scores], k=k),
        mrr=1 / first if first else 0.0,
        precision=top.sum() / k,
        recall=top.sum() / total,
        ap=ap,
        hit=float(top.any()),
    )


queries = [query(q) for q in range(30)]
for k in (3, 5, 10):
    rows = [per_query(s, r, k) for s, r in queries if (r > 0).any()]
    means = {key: float(np.mean([row[key] for row in rows])) for key in rows[0]}
    print(f"# k={k}: evaluated, ndcg, mrr, precision, recall, map, hit rate")
    print(len(rows), *(repr(means[key]) for key in ("ndcg", "mrr", "precision", "recall", "ap", "hit")))
ap_sklearn = [average_precision_score(r > 0, s) for s, r in queries if (r > 0).any()]
print("# mean sklearn average_precision_score (full lists, equals MAP@10 since every list is <= 10 long)")
print(repr(float(np.mean(ap_sklearn))))
s, r = queries[5]
print("# query 5: scores, relevance, ndcg_score k=3, k=None")
print([repr(x) for x in s.tolist()], r.astype(int).tolist(), repr(ndcg_score([r], [s], k=3)), repr(ndcg_score([r], [s])))
