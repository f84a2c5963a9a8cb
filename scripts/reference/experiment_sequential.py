"""Reference values for app/stats/experiment/sequential.test.ts: asymptotic confidence sequences
(Waudby-Smith et al., arXiv 2103.06476v7), transcribed in numpy:
  rho  = sqrt((-2 ln a + ln(-2 ln a + 1)) / N*)                        (eq. 161)
  half = s * sqrt(2 (n rho^2 + 1) / (n^2 rho^2) * ln(sqrt(n rho^2 + 1) / a))   (eq. 9)
  E    = mixture martingale at theta = 0, p = min(1, 1/E)              (eq. 155)
The closed form of E is checked against direct numerical integration of the Gaussian mixture
∫ exp(λS − λ²n/2) dN(0, ρ²)(λ) (scipy.integrate.quad), with S = n·θ̂/s.
Run: /usr/bin/python3 scripts/reference/experiment_sequential.py"""
import numpy as np
from scipy import integrate, stats

from experiment_common import emit


def rho(alpha, tuning):
    return np.sqrt((-2 * np.log(alpha) + np.log(-2 * np.log(alpha) + 1)) / tuning)


def half_width(s2, n, r, alpha):
    return np.sqrt(s2) * np.sqrt((2 * (n * r**2 + 1)) / (n**2 * r**2) * np.log(np.sqrt(n * r**2 + 1) / alpha))


def e_value_closed(est, se, n, r):
    z = est / se
    return np.sqrt(1 / (n * r**2 + 1)) * np.exp(n * r**2 * z**2 / (2 * (n * r**2 + 1)))


def e_value_quad(est, se, n, r):
    s = se * np.sqrt(n)
    S = n * est / s
    f = lambda lam: np.exp(lam * S - lam**2 * n / 2) * stats.norm.pdf(lam, 0, r)
    peak = S / n
    width = 10 / np.sqrt(n)
    val, _ = integrate.quad(f, peak - width - 10 * r, peak + width + 10 * r, points=[0, peak], epsabs=0, epsrel=1e-12, limit=500)
    return val


cases = [
    # (name, estimate, se, n, alpha, tuning)
    ("proportionAbs", 0.026833333333333334, 0.008850378496823571, 4900, 0.05, 5000),
    ("ratioRel", 0.09034536013586458, 0.04096609185457629, 2500, 0.05, 5000),
    ("strong", 0.05, 0.01, 20000, 0.05, 5000),
    ("tuned", 0.05, 0.01, 20000, 0.01, 50000),
    ("null", 0.001, 0.01, 800, 0.05, 5000),
]
out = {}
for name, est, se, n, alpha, tuning in cases:
    r = rho(alpha, tuning)
    hw = half_width(se**2 * n, n, r, alpha)
    e = e_value_closed(est, se, n, r)
    e_q = e_value_quad(est, se, n, r)
    assert np.isclose(e, e_q, rtol=1e-8), (name, e, e_q)
    p = min(1.0, 1 / e)
    assert (p < alpha) == (abs(est) > hw), name
    out[name] = {
        "estimate": est,
        "se": se,
        "n": n,
        "alpha": alpha,
        "tuning": tuning,
        "rho": float(r),
        "halfWidth": float(hw),
        "ci": [float(est - hw), float(est + hw)],
        "pValue": float(p),
        "fixedHalfWidth": float(stats.norm.ppf(1 - alpha / 2) * se),
    }
emit(out)
