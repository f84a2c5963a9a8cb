"""How large a drift distance is with no drift at all, by window size.

The table in docs/statistics-models.md §1.4 ("Where Northstar differs: small windows"): a
5,600-row reference and a current window of n rows drawn from the same distribution, 400 draws
per n; normalised Wasserstein (scipy's wasserstein_distance / reference σ) on normal data and
Jensen–Shannon distance (scipy's jensenshannon, base e) on five categories. It is why drift
checks need `minRows` and a significant test beside a distance (app/stats/drift/decision.ts).

Run with Debian's python3 (scipy): /usr/bin/python3 scripts/reference/drift_small_sample_noise.py
"""

import numpy as np
from scipy.spatial.distance import jensenshannon
from scipy.stats import wasserstein_distance

REFERENCE_ROWS = 5600
DRAWS = 400
SHARES = np.array([0.4, 0.3, 0.15, 0.1, 0.05])

rng = np.random.default_rng(1)
print("current rows | mean W1/sd | P(W1/sd >= 0.1) | mean JS | P(JS >= 0.1)")
for n in [22, 50, 100, 200, 300, 500, 1000]:
    w, js = [], []
    for _ in range(DRAWS):
        reference = rng.normal(size=REFERENCE_ROWS)
        current = rng.normal(size=n)
        w.append(wasserstein_distance(reference, current) / reference.std())
        ref_counts = rng.multinomial(REFERENCE_ROWS, SHARES)
        cur_counts = rng.multinomial(n, SHARES)
        js.append(jensenshannon(ref_counts / REFERENCE_ROWS, cur_counts / n))
    w, js = np.array(w), np.array(js)
    print(f"{n:12d} | {w.mean():10.3f} | {(w >= 0.1).mean():15.1%} | {js.mean():7.3f} | {(js >= 0.1).mean():12.1%}")
