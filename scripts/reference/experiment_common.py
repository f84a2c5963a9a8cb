"""Shared helpers for the experiment_*.py reference scripts (run with Debian's /usr/bin/python3:
scipy 1.10, statsmodels 0.13, numpy 1.24). Each script prints JSON that is pasted into the
corresponding *.test.ts under app/stats/experiment/ (tests never run Python)."""
import json
import math

import numpy as np


def sums(y, den=None, cov=None):
    """Sufficient statistics of unit-level data, each sum correctly rounded (math.fsum)."""
    y = np.asarray(y, dtype=float)
    out = {"n": int(len(y)), "sum": math.fsum(y), "sumSquares": math.fsum(y * y)}
    if den is not None:
        den = np.asarray(den, dtype=float)
        out.update(
            denominatorSum=math.fsum(den),
            denominatorSumSquares=math.fsum(den * den),
            sumProduct=math.fsum(y * den),
        )
    if cov is not None:
        cov = np.asarray(cov, dtype=float)
        out.update(
            covariateSum=math.fsum(cov),
            covariateSumSquares=math.fsum(cov * cov),
            covariateSumProduct=math.fsum(y * cov),
        )
    return out


def welch_df(var_t, n_t, var_c, n_c):
    """Welch–Satterthwaite df for per-unit variances (the textbook formula)."""
    a, b = var_t / n_t, var_c / n_c
    return (a + b) ** 2 / (a**2 / (n_t - 1) + b**2 / (n_c - 1))


def emit(obj):
    print(json.dumps(obj, indent=2))
