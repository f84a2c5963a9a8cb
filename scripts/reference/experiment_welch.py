"""Reference values for app/stats/experiment/welch.test.ts and compare-variants.test.ts
(absolute difference). Run: /usr/bin/python3 scripts/reference/experiment_welch.py"""
import numpy as np
from scipy import stats
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW, ttest_ind

from experiment_common import emit, sums, welch_df

rng = np.random.default_rng(20240601)
out = {}

# Mean metric: skewed revenue-like data, unequal n and variances.
cases = {
    "lognormal": (rng.lognormal(1.0, 0.9, 430), rng.lognormal(0.9, 0.8, 500)),
    "small": (rng.normal(3.0, 4.0, 5), rng.normal(1.0, 0.5, 8)),
}
for name, (t, c) in cases.items():
    res = stats.ttest_ind(t, c, equal_var=False)
    _, _, df = ttest_ind(t, c, usevar="unequal")
    cm = CompareMeans(DescrStatsW(t), DescrStatsW(c))
    entry = {
        "treatment": sums(t),
        "control": sums(c),
        "diff": float(np.mean(t) - np.mean(c)),
        "statistic": float(res.statistic),
        "pValue": float(res.pvalue),
        "df": float(df),
    }
    for alpha in (0.05, 0.1):
        lo, hi = cm.tconfint_diff(alpha=alpha, usevar="unequal")
        entry[f"ci{alpha}"] = [float(lo), float(hi)]
    out[name] = entry

# Proportion metric: p(1 − p) variances (no n − 1), same Welch machinery, by hand with scipy.stats.t.
t = (rng.random(2400) < 0.118).astype(float)
c = (rng.random(2500) < 0.100).astype(float)
pt, pc = t.mean(), c.mean()
vt, vc = pt * (1 - pt), pc * (1 - pc)
se = np.sqrt(vt / len(t) + vc / len(c))
df = welch_df(vt, len(t), vc, len(c))
q = stats.t.ppf(0.975, df)
out["proportion"] = {
    "treatment": {"n": len(t), "sum": float(t.sum())},
    "control": {"n": len(c), "sum": float(c.sum())},
    "diff": float(pt - pc),
    "se": float(se),
    "df": float(df),
    "pValue": float(2 * stats.t.sf(abs((pt - pc) / se), df)),
    "ci0.05": [float(pt - pc - q * se), float(pt - pc + q * se)],
}
# Far tail: the p-value must come from the lower tail, not 1 − cdf.
out["farTail"] = {"t": 40, "df": 100, "pValue": float(2 * stats.t.sf(40, 100))}
emit(out)
