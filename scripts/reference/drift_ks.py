"""Reference values for app/stats/drift/ks.test.ts, ks-exact.test.ts, kolmogorov-distribution.test.ts
and smirnov.test.ts. Run with Debian's /usr/bin/python3 (scipy 1.10.1); samples come from drift_data.py.
"""
from math import gcd

from scipy import special, stats
from scipy.stats._stats_py import _compute_prob_outside_square
from scipy.stats._stats_pythran import _compute_outer_prob_inside_method

from drift_data import bell, integers

print("# ks_2samp(bell(seedA, nA, 0, 1), bell(seedB, nB, loc, scale)) -> [seedA, nA, seedB, nB, loc, scale, D, p]")
CASES = [
    (1, 8, 2, 8, 0.5, 1.0),
    (3, 10, 4, 15, 0.3, 1.0),
    (5, 25, 6, 40, 0.4, 1.5),
    (7, 60, 8, 60, 0.2, 1.0),
    (9, 100, 10, 137, 0.25, 1.0),
    (11, 500, 12, 450, 0.1, 1.0),
    (13, 2000, 14, 1500, 0.0, 1.1),
    (15, 3000, 16, 2999, 0.08, 1.0),
    (17, 12000, 18, 300, 0.1, 1.0),
    (19, 15000, 20, 11000, 0.03, 1.0),
    (21, 10001, 22, 10001, 0.02, 1.0),
    (1, 10000, 2, 9999, 0.2, 1.0),
]
for sa, na, sb, nb, loc, scale in CASES:
    r = stats.ks_2samp(bell(sa, na), bell(sb, nb, loc, scale))
    print(f"[{sa}, {na}, {sb}, {nb}, {loc}, {scale}, {r.statistic!r}, {r.pvalue!r}],")

print("# ks_2samp(integers(seedA, nA, k), integers(seedB, nB, k)) with ties -> [seedA, nA, seedB, nB, k, D, p]")
for sa, na, sb, nb, k in [(31, 300, 32, 200, 6), (33, 40, 34, 70, 4)]:
    r = stats.ks_2samp(integers(sa, na, k), integers(sb, nb, k))
    print(f"[{sa}, {na}, {sb}, {nb}, {k}, {r.statistic!r}, {r.pvalue!r}],")

print("# _compute_prob_outside_square(n, h) -> [n, h, p]")
for n, h in [(5, 2), (10, 3), (50, 12), (200, 30), (1000, 40), (3000, 200)]:
    print(f"[{n}, {h}, {_compute_prob_outside_square(n, h)!r}],")

print("# _compute_outer_prob_inside_method(m, n, gcd, h) -> [m, n, h, p]")
for m, n, h in [(3, 5, 7), (10, 15, 12), (40, 25, 300), (137, 100, 2800), (450, 500, 4500), (1000, 3000, 600)]:
    print(f"[{m}, {n}, {h}, {_compute_outer_prob_inside_method(m, n, gcd(m, n), h)!r}],")

print("# kstwo.sf(d, n) -> [n, d, p]")
for n in [3, 10, 50, 140, 141, 500, 5000, 100000, 200000]:
    for d in [0.01, 0.04, 0.1, 0.2, 0.35, 0.6]:
        print(f"[{n}, {d}, {stats.kstwo.sf(d, n)!r}],")

print("# smirnov(n, d) -> [n, d, p]")
for n in [2, 5, 20, 140, 1000, 5000]:
    for d in [0.05, 0.1, 0.3, 0.7]:
        print(f"[{n}, {d}, {special.smirnov(n, d)!r}],")
