"""Reference values for app/stats/performance/{roc-auc,log-loss,brier,threshold-metrics,calibration}.test.ts.
Run with Debian's /usr/bin/python3 (scikit-learn 1.2.1); samples come from drift_data.py.

Data: p = uniforms(81, 500); label = 1 if uniforms(82, 500)[i] < 0.8*p + 0.1 else 0;
tied scores pt = floor(p*20)/20 (many ties, many values exactly on calibration bin edges).
"""
import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import (accuracy_score, brier_score_loss, f1_score, log_loss, precision_score,
                             recall_score, roc_auc_score)

from drift_data import uniforms

N = 500
p = np.array(uniforms(81, N))
v = uniforms(82, N)
y = np.array([1 if v[i] < 0.8 * p[i] + 0.1 else 0 for i in range(N)])
pt = np.floor(p * 20) / 20
print("# positives", int(y.sum()))
print("# roc_auc_score(y, p), roc_auc_score(y, pt)")
print(repr(roc_auc_score(y, p)), repr(roc_auc_score(y, pt)))
print("# log_loss(y, p, eps=1e-15), log_loss(y, pt, eps=1e-15) (pt contains exact 0s)")
print(repr(log_loss(y, p, eps=1e-15)), repr(log_loss(y, pt, eps=1e-15)))
print("# brier_score_loss(y, p), brier_score_loss(y, pt)")
print(repr(brier_score_loss(y, p)), repr(brier_score_loss(y, pt)))
for t in (0.5, 0.7):
    yp = (p >= t).astype(int)
    print(f"# threshold {t}: accuracy, precision, recall, f1")
    print(repr(accuracy_score(y, yp)), repr(precision_score(y, yp)), repr(recall_score(y, yp)), repr(f1_score(y, yp)))
yp = (pt >= 0.5).astype(int)
print("# tied scores pt, threshold 0.5: accuracy, precision, recall, f1")
print(repr(accuracy_score(y, yp)), repr(precision_score(y, yp)), repr(recall_score(y, yp)), repr(f1_score(y, yp)))


def calib(scores, n_bins):
    prob_true, prob_pred = calibration_curve(y, scores, n_bins=n_bins, strategy="uniform")
    bins = np.linspace(0.0, 1.0, n_bins + 1)
    ids = np.searchsorted(bins[1:-1], scores)
    counts = np.bincount(ids, minlength=n_bins)
    nz = counts[counts > 0]
    ece = float(np.sum(nz / nz.sum() * np.abs(prob_true - prob_pred)))
    return counts.tolist(), prob_true.tolist(), prob_pred.tolist(), ece


for name, scores, n_bins in (("p", p, 10), ("pt", pt, 10), ("p", p, 7)):
    counts, pt_, pp_, ece = calib(scores, n_bins)
    print(f"# calibration_curve(y, {name}, n_bins={n_bins}): counts, prob_true, prob_pred (non-empty bins), ECE")
    print(counts)
    print([repr(x) for x in pt_])
    print([repr(x) for x in pp_])
    print(repr(ece))

print("# confident misses: log_loss([1], [0.0]) and log_loss([0], [1.0]) with eps=1e-15, labels=[0, 1]")
print(repr(log_loss([1], [0.0], eps=1e-15, labels=[0, 1])), repr(log_loss([0], [1.0], eps=1e-15, labels=[0, 1])))
