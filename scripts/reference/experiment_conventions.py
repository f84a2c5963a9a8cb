"""Reference values for the three engine conventions checked against GrowthBook's gbstats
(app/stats/experiment/conventions.test.ts): relative lift over a negative control mean as
(μt − μc)/|μc|, CUPED's Welch–Satterthwaite df from the adjusted arm variances, and refusal when
an arm has zero variance. Independent references: scipy.stats.ttest_ind / statsmodels CompareMeans
on the CUPED-adjusted unit values y − θx, which is exactly the adjusted Welch test.
Run: /usr/bin/python3 scripts/reference/experiment_conventions.py"""
import numpy as np
from scipy import stats
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from experiment_common import emit, sums, welch_df

rng = np.random.default_rng(1010)
out = {}

# 1. A metric that rose from about −2 to about −1.8: up is up, whatever the sign of the control.
c = rng.normal(-2.0, 1.0, 400)
t = rng.normal(-1.8, 1.0, 420)
mc, mt = c.mean(), t.mean()
vc, vt = c.var(ddof=1), t.var(ddof=1)
lift = (mt - mc) / abs(mc)
se = np.sqrt(vt / (len(t) * mc**2) + vc * mt**2 / (len(c) * mc**4))
df = welch_df(vt, len(t), vc, len(c))
q = stats.t.ppf(0.975, df)
abs_se = np.sqrt(vt / len(t) + vc / len(c))
out["negativeControl"] = {
    "treatment": sums(t),
    "control": sums(c),
    "relativeLift": float(lift),
    "se": float(se),
    "df": float(df),
    "ci": [float(lift - q * se), float(lift + q * se)],
    "pValue": float(2 * stats.t.sf(abs(lift / se), df)),
    # Bayesian flat prior: chance to win is Φ(estimate/se) in either difference, same side of ½.
    "chanceToWinRelative": float(stats.norm.cdf(lift / se)),
    "chanceToWinAbsolute": float(stats.norm.cdf((mt - mc) / abs_se)),
}


def cuped_case(yt, xt, yc, xc):
    y = np.concatenate([yt, yc])
    x = np.concatenate([xt, xc])
    theta = np.cov(y, x, ddof=1)[0, 1] / np.var(x, ddof=1)
    at, ac = yt - theta * xt, yc - theta * xc
    welch = stats.ttest_ind(at, ac, equal_var=False)
    cm = CompareMeans(DescrStatsW(at), DescrStatsW(ac))
    low, high = cm.tconfint_diff(alpha=0.05, usevar="unequal")
    return {
        "treatment": sums(yt, cov=xt),
        "control": sums(yc, cov=xc),
        "theta": float(theta),
        "estimate": float(at.mean() - ac.mean()),
        "df": float(welch_df(at.var(ddof=1), len(at), ac.var(ddof=1), len(ac))),
        "ci": [float(low), float(high)],
        "pValue": float(welch.pvalue),
    }


# 2a. Small arms with different covariate strength: the adjusted df differs from the raw one.
xt = rng.gamma(2.0, 3.0, 12)
xc = rng.gamma(2.0, 3.0, 40)
yt = 1.5 * xt + rng.normal(2.0, 0.6, 12)
yc = 0.2 * xc + rng.normal(1.0, 4.0, 40)
out["cupedSmall"] = cuped_case(yt, xt, yc, xc)
# 2b. Extreme imbalance: a huge control against 3 treatment units.
xc = rng.gamma(2.0, 3.0, 200_000)
yc = 0.9 * xc + rng.normal(1.0, 3.0, 200_000)
xt = np.array([4.0, 9.0, 2.5])
yt = np.array([9.0, 12.5, 3.0])
out["cupedImbalanced"] = cuped_case(yt, xt, yc, xc)
emit(out)
