"""Reference values for app/stats/experiment/multiple-testing.test.ts: Holm and Benjamini–Hochberg
adjusted p-values (statsmodels.stats.multitest.multipletests, methods "holm" and "fdr_bh").
Run: /usr/bin/python3 scripts/reference/experiment_multiple_testing.py"""
from statsmodels.stats.multitest import multipletests

from experiment_common import emit

families = {
    "mixed": [0.01, 0.04, 0.03, 0.2, 0.005],
    "ties": [0.02, 0.02, 0.5, 0.001, 0.02, 0.9],
    "capped": [0.4, 0.6, 0.9],
    "single": [0.037],
}
out = {}
for name, p in families.items():
    out[name] = {
        "p": p,
        "holm": multipletests(p, method="holm")[1].tolist(),
        "bh": multipletests(p, method="fdr_bh")[1].tolist(),
    }
emit(out)
