"""Reference values for app/stats/distributions.test.ts (run with Debian's /usr/bin/python3)."""
from scipy import stats

print("phi(1.96)", repr(stats.norm.cdf(1.96)))
print("phiInverse(0.975)", repr(stats.norm.ppf(0.975)))
print("tcdf(2, 7.5)", repr(stats.t.cdf(2.0, 7.5)))
print("tppf(0.975, 12.3)", repr(stats.t.ppf(0.975, 12.3)))
print("chi2.sf(7.81, 3)", repr(stats.chi2.sf(7.81, 3)))
print("chi2.sf(120, 2)", repr(stats.chi2.sf(120, 2)))
