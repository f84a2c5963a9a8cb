import { describe, expect, it } from "vitest";
import { expectClose } from "#app/stats/expect-close";
import { labels, scores, tiedScores } from "./classification.fixtures";
import { metricsFromConfusion, thresholdMetrics } from "./threshold-metrics";

// Expected values: sklearn 1.2.1 accuracy_score / precision_score / recall_score / f1_score on
// y_pred = (score >= t), printed by scripts/reference/performance_classification.py.
describe("thresholdMetrics matches sklearn", () => {
  const cases: [string, number[], number, number, number, number, number][] = [
    ["threshold 0.5", scores, 0.5, 0.68, 0.6837944664031621, 0.6837944664031621, 0.6837944664031621],
    ["threshold 0.7", scores, 0.7, 0.662, 0.7876712328767124, 0.45454545454545453, 0.5764411027568922],
    [
      "tied scores on the threshold",
      tiedScores,
      0.5,
      0.68,
      0.6837944664031621,
      0.6837944664031621,
      0.6837944664031621,
    ],
  ];
  for (const [name, s, t, acc, prec, rec, f1] of cases) {
    it(name, () => {
      const r = thresholdMetrics(labels, s, t);
      expectClose(r.accuracy, acc, 1e-12);
      expectClose(r.precision, prec, 1e-12);
      expectClose(r.recall, rec, 1e-12);
      expectClose(r.f1, f1, 1e-12);
    });
  }
  it("default threshold is 0.5, predicted positive when score ≥ threshold", () => {
    expect(thresholdMetrics([1, 0], [0.5, 0.49]).confusion).toEqual({ tp: 1, fp: 0, tn: 1, fn: 0 });
  });
});

describe("undefined ratios are null with a reason", () => {
  it("no predicted positives", () => {
    const r = thresholdMetrics([1, 0], [0.1, 0.2]);
    expect(r).toMatchObject({ precision: null, recall: 0, f1: 0, accuracy: 0.5 });
    expect(r.reasons).toEqual({ precision: "NO_PREDICTED_POSITIVES" });
  });
  it("no positives at all", () => {
    const r = metricsFromConfusion({ tp: 0, fp: 0, tn: 5, fn: 0 });
    expect(r).toMatchObject({ accuracy: 1, precision: null, recall: null, f1: null, status: "ok" });
  });
  it("empty and invalid input", () => {
    expect(metricsFromConfusion({ tp: 0, fp: 0, tn: 0, fn: 0 }).status).toBe("NOT_ENOUGH_DATA");
    expect(metricsFromConfusion({ tp: -1, fp: 0, tn: 0, fn: 0 }).status).toBe("INVALID_INPUT");
    expect(thresholdMetrics([0.5], [0.5]).status).toBe("INVALID_INPUT");
  });
});
