"""Reference values for app/stats/experiment/bayesian.test.ts: Gaussian model on the effect,
conjugate normal update, chance to win via scipy.stats.norm.cdf, credible interval via
norm.ppf, and risk by numerical integration over the half-line (scipy.integrate.quad), independently of the
closed form used in the TypeScript. Run: /usr/bin/python3 scripts/reference/experiment_bayesian.py"""
import numpy as np
from scipy import integrate, stats

from experiment_common import emit


def partial_expectation(dist, positive):
    """E[max(X, 0)] (or E[max(−X, 0)]) by quadrature over the half-line; integrating the kinked
    max() over the whole line (norm.expect) is only accurate to ~1e-5 here."""
    if positive:
        return integrate.quad(lambda x: x * dist.pdf(x), 0, np.inf, epsabs=0, epsrel=1e-13, limit=500)[0]
    return integrate.quad(lambda x: -x * dist.pdf(x), -np.inf, 0, epsabs=0, epsrel=1e-13, limit=500)[0]


def posterior(est, se, prior):
    if prior is None:
        return est, se
    m0, v0 = prior
    prec = 1 / se**2 + 1 / v0
    return (est / se**2 + m0 / v0) / prec, np.sqrt(1 / prec)


def summarise(est, se, prior=None, alpha=0.05, higher_is_better=True):
    m, s = posterior(est, se, prior)
    dist = stats.norm(m, s)
    gain = partial_expectation(dist, positive=True)
    loss = partial_expectation(dist, positive=False)
    if higher_is_better:
        ctw, risk_control, risk_variant = dist.sf(0), gain, loss
    else:
        ctw, risk_control, risk_variant = dist.cdf(0), loss, gain
    return {
        "estimate": est,
        "se": se,
        "prior": None if prior is None else {"mean": prior[0], "variance": prior[1]},
        "alpha": alpha,
        "higherIsBetter": higher_is_better,
        "posteriorMean": float(m),
        "posteriorSd": float(s),
        "ci": [float(dist.ppf(alpha / 2)), float(dist.ppf(1 - alpha / 2))],
        "chanceToWin": float(ctw),
        "risk": {"control": float(risk_control), "variant": float(risk_variant)},
    }


emit(
    {
        "flat": summarise(0.09034536013586458, 0.04096609185457629),
        "prior": summarise(0.09034536013586458, 0.04096609185457629, prior=(0.0, 0.05**2)),
        "lowerIsBetter": summarise(0.021126404421055733, 0.03815683649975905, alpha=0.1, higher_is_better=False),
        "absolute": summarise(-0.3, 0.25, prior=(0.1, 1.0)),
    }
)
