"""Reference values for the histogram and distance drift methods:
app/stats/drift/{histogram,psi,jensen-shannon,hellinger,chi-square,wasserstein}.test.ts.
Run with Debian's /usr/bin/python3 (numpy 1.24, scipy 1.10.1); samples come from drift_data.py.

PSI and Hellinger have no scipy function, so they are written here from their formulas with
numpy; Jensen-Shannon, chi-square and Wasserstein use scipy directly.
"""
import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

from drift_data import bell, integers

EPS = 1e-4  # PSI empty-bin proportion and chi-square unseen-category share


def edges_for(ref, bins=10):
    ref = np.asarray(ref, dtype=float)
    ref = ref[np.isfinite(ref)]
    return np.unique(np.quantile(ref, np.linspace(0, 1, bins + 1)[1:-1]))


def hist(values, edges):
    """Counts per reference-quantile bin (left-closed, open ends) plus a trailing missing bin."""
    v = np.asarray(values, dtype=float)
    finite = v[np.isfinite(v)]
    counts = np.bincount(np.searchsorted(edges, finite, side="right"), minlength=len(edges) + 1)
    return np.append(counts, np.sum(~np.isfinite(v))).astype(float)


def psi(r, c):
    p = r / r.sum()
    q = c / c.sum()
    p[p == 0] = EPS
    q[q == 0] = EPS
    return float(np.sum((q - p) * np.log(q / p)))


def hellinger(r, c):
    return float(np.sqrt(0.5 * np.sum((np.sqrt(r / r.sum()) - np.sqrt(c / c.sum())) ** 2)))


def chisq(r, c):
    keep = (r > 0) | (c > 0)
    r, c = r[keep], c[keep]
    share = np.where(r > 0, r / r.sum(), EPS)
    share = share / share.sum()
    res = stats.chisquare(c, f_exp=share * c.sum())
    return float(res.statistic), float(res.pvalue)


def with_missing(xs, every):
    """Replace every `every`-th value (index % every == 0) by NaN."""
    return [float("nan") if i % every == 0 else x for i, x in enumerate(xs)]


ref = bell(51, 2000)
cur = bell(52, 1500, 0.2, 1.1)
e = edges_for(ref)
print("# edges of bell(51, 2000), 10 bins:", repr(e.tolist()))
print("# quantile(bell(51, 2000), [0.05, 0.5, 0.95]):", repr(np.quantile(ref, [0.05, 0.5, 0.95]).tolist()))
r, c = hist(ref, e), hist(cur, e)
print("# counts ref:", r.astype(int).tolist(), "cur:", c.astype(int).tolist())
print("# bell(51,2000) vs bell(52,1500,0.2,1.1): psi, js, hellinger, chi2 stat, chi2 p")
print(repr(psi(r, c)), repr(float(jensenshannon(r, c))), repr(hellinger(r, c)), *map(repr, chisq(r, c)))

refm = with_missing(ref, 17)
curm = with_missing(cur, 9)
e = edges_for(refm)
r, c = hist(refm, e), hist(curm, e)
print("# with missing (ref i%17==0, cur i%9==0): counts ref:", r.astype(int).tolist(), "cur:", c.astype(int).tolist())
print(repr(psi(r, c)), repr(float(jensenshannon(r, c))), repr(hellinger(r, c)), *map(repr, chisq(r, c)))

print("# 5 bins, bell(53, 300) vs bell(54, 200, 0, 1): psi, js, hellinger, chi2 stat, chi2 p")
ref5, cur5 = bell(53, 300), bell(54, 200)
e = edges_for(ref5, 5)
r, c = hist(ref5, e), hist(cur5, e)
print(repr(psi(r, c)), repr(float(jensenshannon(r, c))), repr(hellinger(r, c)), *map(repr, chisq(r, c)))

print("# categorical: integers(61, 800, 5) vs integers(62, 600, 6); value 4 is missing, 5 only in current")
rc = np.bincount(integers(61, 800, 5), minlength=6).astype(float)
cc = np.bincount(integers(62, 600, 6), minlength=6).astype(float)
print("# counts ref:", rc.astype(int).tolist(), "cur:", cc.astype(int).tolist())
print(repr(psi(rc, cc)), repr(float(jensenshannon(rc, cc))), repr(hellinger(rc, cc)), *map(repr, chisq(rc, cc)))

print("# categorical same support: integers(63, 500, 4) vs integers(64, 450, 4): chi2 stat, chi2 p, js")
rc = np.bincount(integers(63, 500, 4), minlength=4).astype(float)
cc = np.bincount(integers(64, 450, 4), minlength=4).astype(float)
print(*map(repr, chisq(rc, cc)), repr(float(jensenshannon(rc, cc))))

print("# wasserstein_distance(bell(71, 1000), bell(72, 800, 0.3, 1.2)), / np.std(ref)")
wr, wc = bell(71, 1000), bell(72, 800, 0.3, 1.2)
w = stats.wasserstein_distance(wr, wc)
print(repr(float(w)), repr(float(w / np.std(wr))), repr(float(np.std(wr))))
print("# wasserstein_distance(integers(73, 50, 7), integers(74, 70, 7)), / np.std(ref)")
ir, ic = integers(73, 50, 7), integers(74, 70, 7)
w = stats.wasserstein_distance(ir, ic)
print(repr(float(w)), repr(float(w / np.std(ir))))
print("# binned: points [-1, 0.25, 1, 2.5] (edges [0, 0.5, 1.5], lower -2, upper 3.5), weights [3,5,0,2] vs [1,1,4,4]")
print(repr(float(stats.wasserstein_distance([-1, 0.25, 1, 2.5], [-1, 0.25, 1, 2.5], [3, 5, 0, 2], [1, 1, 4, 4]))))
