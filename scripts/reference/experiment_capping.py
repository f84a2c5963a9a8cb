"""Reference values for test/jobs/experiment-capping.test.ts: capping (winsorisation) of a mean
metric as GrowthBook's "capping" does it — each unit's aggregated value clipped from above with
numpy.clip at an absolute cap, or at a percentile of the per-unit values over every unit assigned
in the window (units without events count as 0; ignoreZeros leaves zeros out of the percentile),
numpy.percentile's default linear interpolation being PostgreSQL's percentile_cont. The CUPED
pre-period value is clipped at the same cap. The rows are the closed-form ones the test sends.
Run: /usr/bin/python3 scripts/reference/experiment_capping.py"""
import json
from datetime import datetime, timedelta, timezone

import numpy as np

T0 = datetime(2026, 11, 10, 6, 0, tzinfo=timezone.utc)
UNITS = 200
CAPPINGS = {
    "p99": ("percentile", 0.99, False),
    "p90nz": ("percentile", 0.9, True),
    "abs100": ("absolute", 100.0, False),
}
AS_OFS = {
    "midnight": datetime(2026, 11, 11, 0, 0, tzinfo=timezone.utc),
    "latest": datetime(2026, 11, 12, 12, 0, tzinfo=timezone.utc),
}


def rows():
    """Units, variants, assignment times and purchase events: the test's generator, transcribed."""
    units, events = [], []
    for i in range(UNITS):
        at = T0 + timedelta(minutes=6 * i)
        units.append((f"u-{i}", "control" if i % 2 == 0 else "treatment", at))
        if i % 5 != 0:
            for k in range(1 + i % 3):
                events.append((f"u-{i}", ((i * 37 + k * 11) % 50) + 1, at + timedelta(hours=5 * k + i % 7)))
        if i % 23 == 1:
            events.append((f"u-{i}", 5000 + i, at + timedelta(hours=1)))
        if i % 4 == 0:
            events.append((f"u-{i}", ((i * 13) % 40) + 1, at - timedelta(hours=48)))
        if i % 31 == 3:
            events.append((f"u-{i}", 3000, at - timedelta(hours=30)))
    return units, events


def per_unit(as_of):
    units, events = rows()
    out = []
    for unit, variant, at in units:
        if at >= as_of:
            continue
        mine = [(v, ts) for u, v, ts in events if u == unit]
        y = sum(v for v, ts in mine if at <= ts < as_of)
        x = sum(v for v, ts in mine if at - timedelta(days=14) <= ts < at)
        out.append((variant, float(y), float(x)))
    return out


def reference():
    result = {}
    for label, as_of in AS_OFS.items():
        data = per_unit(as_of)
        y_all = np.array([y for _, y, _ in data])
        result[label] = {}
        for key, (kind, value, ignore_zeros) in CAPPINGS.items():
            if kind == "absolute":
                cap = value
            else:
                pool = y_all[y_all != 0] if ignore_zeros else y_all
                cap = float(np.percentile(pool, value * 100))
            arms = {}
            for variant in ("control", "treatment"):
                y = np.array([y for v, y, _ in data if v == variant])
                x = np.array([x for v, _, x in data if v == variant])
                yc, xc = np.clip(y, None, cap), np.clip(x, None, cap)
                arms[variant] = {
                    "n": len(y),
                    "sum": float(yc.sum()),
                    "sumSquares": float((yc**2).sum()),
                    "covariateSum": float(xc.sum()),
                    "covariateSumSquares": float((xc**2).sum()),
                    "covariateSumProduct": float((yc * xc).sum()),
                    "clipped": int((y > cap).sum()),
                }
            result[label][key] = {"cap": cap, "arms": arms}
    return result


if __name__ == "__main__":
    print(json.dumps(reference(), indent=2))
