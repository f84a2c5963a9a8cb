"""Reference values for app/services/analyze.test.ts: end-to-end analyze requests computed
independently in numpy/scipy/statsmodels (delta-method relative lift at the Welch df, Holm via
statsmodels multipletests, SRM via scipy.stats.chisquare, Bayesian summaries via scipy.stats.norm and scipy.integrate.quad).
Run: /usr/bin/python3 scripts/reference/experiment_analyze.py"""
import numpy as np
from scipy import integrate, stats
from statsmodels.stats.multitest import multipletests

from experiment_common import emit, sums, welch_df

rng = np.random.default_rng(4242)


def relative(mt, vt, nt, mc, vc, nc):
    lift = (mt - mc) / abs(mc)
    se = np.sqrt(vt / (nt * mc**2) + vc * mt**2 / (nc * mc**4))
    return lift, se, welch_df(vt, nt, vc, nc)


# Request 1: mean metric, three variants, Holm correction.
arms = {
    "control": rng.exponential(10.0, 1000),
    "b": rng.exponential(10.9, 1040),
    "c": rng.exponential(10.2, 960),
}
control = arms["control"]
rows, pvals = [], []
for key in ("b", "c"):
    t = arms[key]
    lift, se, df = relative(t.mean(), t.var(ddof=1), len(t), control.mean(), control.var(ddof=1), len(control))
    q = stats.t.ppf(0.975, df)
    p = 2 * stats.t.sf(abs(lift / se), df)
    pvals.append(p)
    rows.append(
        {
            "key": key,
            "mean": float(t.mean()),
            "absoluteDiff": float(t.mean() - control.mean()),
            "relativeLift": float(lift),
            "ciLow": float(lift - q * se),
            "ciHigh": float(lift + q * se),
            "pValue": float(p),
        }
    )
for row, adj in zip(rows, multipletests(pvals, method="holm")[1]):
    row["adjustedPValue"] = float(adj)
counts = [len(arms[k]) for k in ("control", "b", "c")]
srm = stats.chisquare(counts)
mean_request = {
    "variants": [{"key": k, **sums(arms[k])} for k in ("control", "b", "c")],
    "controlMean": float(control.mean()),
    "rows": rows,
    "srm": {"pValue": float(srm.pvalue), "flagged": bool(srm.pvalue < 0.001)},
}

# Request 2: proportion metric, Bayesian engine, absolute difference, 90/10 weights.
nc, nt = 9000, 1000
yc = (rng.random(nc) < 0.20).astype(float)
yt = (rng.random(nt) < 0.22).astype(float)
pc, pt = yc.mean(), yt.mean()
diff = pt - pc
se = np.sqrt(pt * (1 - pt) / nt + pc * (1 - pc) / nc)
post = stats.norm(diff, se)
gain = integrate.quad(lambda x: x * post.pdf(x), 0, np.inf, epsabs=0, epsrel=1e-13, limit=500)[0]
loss = integrate.quad(lambda x: -x * post.pdf(x), -np.inf, 0, epsabs=0, epsrel=1e-13, limit=500)[0]
srm2 = stats.chisquare([nc, nt], [0.9 * (nc + nt), 0.1 * (nc + nt)])
bayes_request = {
    "variants": [{"key": "control", "n": nc, "sum": float(yc.sum())}, {"key": "treatment", "n": nt, "sum": float(yt.sum())}],
    "row": {
        "absoluteDiff": float(diff),
        "relativeLift": float(pt / pc - 1),
        "ciLow": float(post.ppf(0.025)),
        "ciHigh": float(post.ppf(0.975)),
        "chanceToWin": float(post.sf(0)),
        "risk": {"control": float(gain), "variant": float(loss)},
    },
    "srm": {"pValue": float(srm2.pvalue), "flagged": bool(srm2.pvalue < 0.001)},
}
emit({"meanHolm": mean_request, "proportionBayesian": bayes_request})
