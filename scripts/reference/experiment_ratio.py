"""Reference values for app/stats/experiment/ratio-metric.test.ts and compare-variants.test.ts:
ratio-of-sums metric (clicks/sessions per user) with the delta-method variance computed in numpy
(np.cov, ddof=1), then Welch's machinery on the unit counts (scipy.stats.t).
Run: /usr/bin/python3 scripts/reference/experiment_ratio.py"""
import numpy as np
from scipy import stats

from experiment_common import emit, sums, welch_df

rng = np.random.default_rng(99)


def arm(n, ctr):
    den = rng.poisson(3.0, n) + 1
    num = rng.binomial(den, ctr)
    return num.astype(float), den.astype(float)


def ratio_moments(num, den):
    n = len(num)
    r = num.sum() / den.sum()
    cov = np.cov(num, den, ddof=1)
    var = (cov[0, 0] - 2 * r * cov[0, 1] + r**2 * cov[1, 1]) / den.mean() ** 2
    # Same quantity via the per-unit linearisation (num − r·den)/mean(den).
    lin = (num - r * den) / den.mean()
    assert np.isclose(var, lin.var(ddof=1), rtol=1e-10)
    return r, var, n


nt, dt = arm(1200, 0.23)
nc, dc = arm(1300, 0.21)
rt, vt, n_t = ratio_moments(nt, dt)
rc, vc, n_c = ratio_moments(nc, dc)
df = welch_df(vt, n_t, vc, n_c)
q = stats.t.ppf(0.975, df)

diff = rt - rc
se_abs = np.sqrt(vt / n_t + vc / n_c)
lift = rt / rc - 1
se_rel = np.sqrt(vt / (n_t * rc**2) + vc * rt**2 / (n_c * rc**4))
emit(
    {
        "treatment": sums(nt, den=dt),
        "control": sums(nc, den=dc),
        "treatmentRatio": float(rt),
        "treatmentVariance": float(vt),
        "controlRatio": float(rc),
        "controlVariance": float(vc),
        "df": float(df),
        "absolute": {
            "diff": float(diff),
            "se": float(se_abs),
            "ci": [float(diff - q * se_abs), float(diff + q * se_abs)],
            "pValue": float(2 * stats.t.sf(abs(diff / se_abs), df)),
        },
        "relative": {
            "lift": float(lift),
            "se": float(se_rel),
            "ci": [float(lift - q * se_rel), float(lift + q * se_rel)],
            "pValue": float(2 * stats.t.sf(abs(lift / se_rel), df)),
        },
    }
)
