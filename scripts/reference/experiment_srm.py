"""Reference values for app/stats/experiment/srm.test.ts: Pearson chi-square goodness of fit of
units per variant against configured weights (scipy.stats.chisquare).
Run: /usr/bin/python3 scripts/reference/experiment_srm.py"""
import numpy as np
from scipy import stats

from experiment_common import emit


def srm(observed, weights=None):
    observed = np.asarray(observed, dtype=float)
    w = np.ones_like(observed) if weights is None else np.asarray(weights, dtype=float)
    expected = observed.sum() * w / w.sum()
    res = stats.chisquare(observed, expected)
    return {
        "observed": observed.tolist(),
        "weights": None if weights is None else list(weights),
        "statistic": float(res.statistic),
        "pValue": float(res.pvalue),
        "flagged": bool(res.pvalue < 0.001),
    }


emit(
    {
        "balanced": srm([5012, 4988]),
        "mismatch": srm([10321, 9679]),
        "threeWay": srm([3300, 3350, 3210]),
        "weighted": srm([2010, 7990], [0.2, 0.8]),
        "weightedMismatch": srm([1890, 4110, 4000], [1, 2, 2]),
    }
)
