"""Reference values for app/stats/experiment/cuped.test.ts and compare-variants.test.ts: CUPED
(Deng et al. 2013) as GrowthBook's gbstats does it, transcribed in numpy from the formulas in
docs/statistics.md; θ is sanity-checked against an OLS fit (statsmodels.OLS) of y on x over the
pooled arms. df: Welch–Satterthwaite of the adjusted arm variances (cross-checked
against scipy.stats.ttest_ind on y − θx). Run: /usr/bin/python3 scripts/reference/experiment_cuped.py"""
import numpy as np
import statsmodels.api as sm
from scipy import stats

from experiment_common import emit, sums, welch_df

rng = np.random.default_rng(2013)


def moments(y, x, ddof):
    n = len(y)
    d = n - ddof
    return {
        "n": n,
        "my": y.mean(),
        "mx": x.mean(),
        "vy": ((y - y.mean()) ** 2).sum() / d,
        "vx": ((x - x.mean()) ** 2).sum() / d,
        "cov": ((y - y.mean()) * (x - x.mean())).sum() / d,
    }


def cuped(yt, xt, yc, xc, ddof, alpha=0.05):
    y = np.concatenate([yt, yc])
    x = np.concatenate([xt, xc])
    theta = np.cov(y, x, ddof=1)[0, 1] / np.var(x, ddof=1)
    ols = sm.OLS(y, sm.add_constant(x)).fit().params[1]
    assert np.isclose(theta, ols, rtol=1e-10), (theta, ols)
    t, c = moments(yt, xt, ddof), moments(yc, xc, ddof)

    def adj(a):
        return a["vy"] + theta**2 * a["vx"] - 2 * theta * a["cov"]

    # Satterthwaite's df from the adjusted arm variances, the parts the standard error is made of
    # (gbstats TTest.dof on RegressionAdjustedStatistic.variance).
    df = welch_df(adj(t), t["n"], adj(c), c["n"])
    q = stats.t.ppf(1 - alpha / 2, df)
    if ddof == 1:
        # With the n − 1 divisor this is exactly Welch's test on the adjusted values y − θx.
        welch = stats.ttest_ind(yt - theta * xt, yc - theta * xc, equal_var=False)
        diff_check = t["my"] - c["my"] - theta * (t["mx"] - c["mx"])
        var_check = adj(t) / t["n"] + adj(c) / c["n"]
        p_check = 2 * stats.t.sf(abs(diff_check / np.sqrt(var_check)), df)
        assert np.isclose(welch.pvalue, p_check, rtol=1e-10), (welch.pvalue, p_check)

    diff = t["my"] - c["my"] - theta * (t["mx"] - c["mx"])
    var_abs = adj(t) / t["n"] + adj(c) / c["n"]
    var_abs0 = t["vy"] / t["n"] + c["vy"] / c["n"]
    mc, mt = c["my"], t["my"]
    lift = diff / abs(mc)
    var_rel = adj(t) / (t["n"] * mc**2) + (
        c["vy"] * mt**2 / mc**2 - 2 * theta * c["cov"] * mt / mc + theta**2 * c["vx"]
    ) / (c["n"] * mc**2)
    var_rel0 = t["vy"] / (t["n"] * mc**2) + c["vy"] * mt**2 / (c["n"] * mc**4)

    def block(est, var, var0):
        se = np.sqrt(var)
        return {
            "estimate": float(est),
            "se": float(se),
            "ci": [float(est - q * se), float(est + q * se)],
            "pValue": float(2 * stats.t.sf(abs(est / se), df)),
            "varianceReduction": float(1 - var / var0),
        }

    return {
        "theta": float(theta),
        "df": float(df),
        "absolute": block(diff, var_abs, var_abs0),
        "relative": block(lift, var_rel, var_rel0),
    }


out = {}
# Mean metric: pre-period spend predicts post-period spend.
xt = rng.gamma(3.0, 4.0, 900)
xc = rng.gamma(3.0, 4.0, 950)
yt = 0.8 * xt + rng.normal(1.6, 4.0, 900)
yc = 0.8 * xc + rng.normal(1.0, 4.0, 950)
out["mean"] = {"treatment": sums(yt, cov=xt), "control": sums(yc, cov=xc), **cuped(yt, xt, yc, xc, ddof=1)}

# Proportion metric: converted before ⇒ likely to convert again. Moments divide by n (p(1 − p)).
xt = (rng.random(3000) < 0.3).astype(float)
xc = (rng.random(3100) < 0.3).astype(float)
yt = np.where(xt == 1, rng.random(3000) < 0.55, rng.random(3000) < 0.12).astype(float)
yc = np.where(xc == 1, rng.random(3100) < 0.50, rng.random(3100) < 0.11).astype(float)
out["proportion"] = {
    "treatment": {k: v for k, v in sums(yt, cov=xt).items() if k not in ("sumSquares", "covariateSumSquares")},
    "control": {k: v for k, v in sums(yc, cov=xc).items() if k not in ("sumSquares", "covariateSumSquares")},
    **cuped(yt, xt, yc, xc, ddof=0),
}
emit(out)
