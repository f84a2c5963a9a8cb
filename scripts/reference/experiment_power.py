"""Reference values for app/stats/experiment/power.test.ts: sample size per variant and MDE for a
two-sided, equal-allocation test under the normal approximation, via
statsmodels.stats.power.NormalIndPower (ratio=1) with effect size d = Δ/σ, σ² = (p1q1 + p2q2)/2 for
proportions and σ = sd for means. The closed form 2(z_{α/2} + z_β)²/d² (which ignores the far
tail) is printed alongside. Run: /usr/bin/python3 scripts/reference/experiment_power.py"""
import numpy as np
from scipy import optimize, stats
from statsmodels.stats.power import NormalIndPower

from experiment_common import emit

power_calc = NormalIndPower()


def closed_form(d, alpha, power):
    return 2 * (stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)) ** 2 / d**2


def prop_d(p1, p2):
    return (p2 - p1) / np.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / 2)


out = {"sampleSize": [], "mde": []}
for kind, base, mde, alpha, power in [
    ("proportion", 0.10, 0.05, 0.05, 0.8),
    ("proportion", 0.02, 0.10, 0.05, 0.9),
    ("proportion", 0.30, -0.2, 0.01, 0.8),
    ("proportion", 0.5, 0.5, 0.05, 0.8),
    ("mean", (25.0, 40.0), 0.03, 0.05, 0.8),
    ("mean", (3.2, 1.1), 0.10, 0.1, 0.95),
]:
    if kind == "proportion":
        d = prop_d(base, base * (1 + mde))
    else:
        mean, sd = base
        d = mean * mde / sd
    n = power_calc.solve_power(effect_size=abs(d), nobs1=None, alpha=alpha, power=power, ratio=1)
    out["sampleSize"].append(
        {
            "metricType": kind,
            "baseline": base,
            "relativeMde": mde,
            "alpha": alpha,
            "power": power,
            "effectSize": float(abs(d)),
            "nPerVariant": float(n),
            "closedForm": float(closed_form(d, alpha, power)),
        }
    )

for kind, base, n, alpha, power in [
    ("proportion", 0.10, 10000, 0.05, 0.8),
    ("proportion", 0.6, 200, 0.05, 0.8),
    ("mean", (25.0, 40.0), 5000, 0.05, 0.8),
]:
    # solve_power(effect_size=None) stops at ~6e-5 relative accuracy, so root-find statsmodels' own
    # power function to machine precision instead (its solve_power answer is printed alongside).
    d = optimize.brentq(
        lambda e: power_calc.power(e, n, alpha, ratio=1) - power, 1e-9, 10, xtol=1e-15, rtol=1e-15
    )
    d_solve_power = power_calc.solve_power(effect_size=None, nobs1=n, alpha=alpha, power=power, ratio=1)
    if kind == "proportion":
        p2 = optimize.brentq(lambda p: prop_d(base, p) - d, base, 1 - 1e-15, xtol=1e-15, rtol=1e-15)
        rel = (p2 - base) / base
    else:
        mean, sd = base
        rel = d * sd / mean
    out["mde"].append(
        {"metricType": kind, "baseline": base, "nPerVariant": n, "alpha": alpha, "power": power,
         "effectSize": float(d), "relativeMde": float(rel), "solvePowerEffectSize": float(d_solve_power)}
    )
emit(out)
