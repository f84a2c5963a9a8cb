"""Reference values for app/stats/performance/regression.test.ts.
Run with Debian's /usr/bin/python3 (scikit-learn 1.2.1); samples come from drift_data.py.
"""
import numpy as np
from sklearn.metrics import mean_absolute_error, mean_absolute_percentage_error, mean_squared_error, r2_score

from drift_data import bell, integers

cases = {
    "bell": (np.array(bell(91, 300, 10, 3)), None),
    "zeros": (np.array(integers(93, 200, 5), dtype=float), None),
}
y1 = cases["bell"][0]
yhat1 = y1 + np.array(bell(92, 300, 0.2, 1))
y2 = cases["zeros"][0]
yhat2 = y2 + np.array(bell(94, 200))
for name, y, yhat in (("y = bell(91,300,10,3), yhat = y + bell(92,300,0.2,1)", y1, yhat1),
                      ("y = integers(93,200,5) (has zeros), yhat = y + bell(94,200)", y2, yhat2)):
    print(f"# {name}: rmse, mae, mape, r2")
    print(repr(float(np.sqrt(mean_squared_error(y, yhat)))), repr(mean_absolute_error(y, yhat)),
          repr(mean_absolute_percentage_error(y, yhat)), repr(r2_score(y, yhat)))
