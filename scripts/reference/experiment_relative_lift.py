"""Reference values for app/stats/experiment/relative-lift.test.ts and compare-variants.test.ts:
relative lift (μ_t − μ_c)/|μ_c| with a hand delta-method variance in numpy, t quantile / p-value at the
Welch df of the arm variances (scipy.stats.t). Run: /usr/bin/python3 scripts/reference/experiment_relative_lift.py"""
import numpy as np
from scipy import stats

from experiment_common import emit, sums, welch_df

rng = np.random.default_rng(7)


def relative(mt, vt, nt, mc, vc, nc, alpha=0.05):
    lift = (mt - mc) / abs(mc)
    var = vt / (nt * mc**2) + vc * mt**2 / (nc * mc**4)
    se = np.sqrt(var)
    df = welch_df(vt, nt, vc, nc)
    q = stats.t.ppf(1 - alpha / 2, df)
    return {
        "lift": float(lift),
        "se": float(se),
        "df": float(df),
        "ci": [float(lift - q * se), float(lift + q * se)],
        "pValue": float(2 * stats.t.sf(abs(lift / se), df)),
    }


out = {}
t = rng.gamma(2.0, 2.6, 800)
c = rng.gamma(2.0, 2.4, 760)
out["mean"] = {
    "treatment": sums(t),
    "control": sums(c),
    **relative(t.mean(), t.var(ddof=1), len(t), c.mean(), c.var(ddof=1), len(c)),
}
# Cross-check of the delta method against a bootstrap is not exact; instead confirm the formula
# equals the gradient form g' Σ g with g = (1/μc, −μt/μc²).
g = np.array([1 / c.mean(), -t.mean() / c.mean() ** 2])
sigma = np.diag([t.var(ddof=1) / len(t), c.var(ddof=1) / len(c)])
assert np.isclose(np.sqrt(g @ sigma @ g), out["mean"]["se"], rtol=1e-12)

tp = (rng.random(5000) < 0.052).astype(float)
cp = (rng.random(5000) < 0.047).astype(float)
pt, pc = tp.mean(), cp.mean()
out["proportion"] = {
    "treatment": {"n": len(tp), "sum": float(tp.sum())},
    "control": {"n": len(cp), "sum": float(cp.sum())},
    **relative(pt, pt * (1 - pt), len(tp), pc, pc * (1 - pc), len(cp)),
}
out["proportionAlpha01"] = relative(pt, pt * (1 - pt), len(tp), pc, pc * (1 - pc), len(cp), alpha=0.01)
emit(out)
