"""Reference values for test/jobs/model-drift-precision.test.ts: scipy 1.10.1 on the exact rows the
test ingests, read as JSON from scripts/reference/drift_precision_export.ts:

  npx tsx scripts/reference/drift_precision_export.ts | /usr/bin/python3 scripts/reference/drift_precision.py

Per shape and window: normalised Wasserstein W1/std(ref) (Evidently's score: np.std, ddof=0; the raw
W1 when the reference is constant), and ks_2samp's D and p-value with method='auto', which is
'asymp' here because max(n1, n2) = 20,000 > 10,000.
"""
import json
import sys

import numpy as np
from scipy.stats import ks_2samp, wasserstein_distance

data = json.load(sys.stdin)
print("{")
for shape, samples in data.items():
    ref = np.array(samples["reference"], dtype=float)
    std = float(np.std(ref))
    print(f"  {shape}: {{")
    for window in ("same", "moved"):
        cur = np.array(samples[window], dtype=float)
        w = float(wasserstein_distance(ref, cur))
        ks = ks_2samp(ref, cur, method="auto")
        normalised = repr(w / std) if std > 0 else "null"
        print(
            f"    {window}: {{ wasserstein: {normalised}, w1: {w!r}, d: {float(ks.statistic)!r}, p: {float(ks.pvalue)!r} }},"
        )
    print("  },")
print("}")
