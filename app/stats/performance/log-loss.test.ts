import { describe, expect, it } from "vitest";
import { expectClose } from "#app/stats/expect-close";
import { labels, scores, tiedScores } from "./classification.fixtures";
import { logLoss } from "./log-loss";

// Expected values: sklearn 1.2.1 log_loss(eps=1e-15), printed by scripts/reference/performance_classification.py.
describe("logLoss matches sklearn.metrics.log_loss(eps=1e-15)", () => {
  it("continuous probabilities", () =>
    expectClose(logLoss(labels, scores).logLoss, 0.6135546963648973, 1e-10));
  it("probabilities with exact 0s are clipped, not infinite", () =>
    expectClose(logLoss(labels, tiedScores).logLoss, 0.7379434710112633, 1e-10));
  it("a confident miss costs about −ln(1e-15)", () => {
    // sklearn log_loss([1], [0.0], eps=1e-15, labels=[0, 1]) and log_loss([0], [1.0], …), same script.
    expectClose(logLoss([1], [0]).logLoss, 34.538776394910684, 1e-12);
    expectClose(logLoss([0], [1]).logLoss, 34.53957599234088, 1e-12);
  });
  it("degenerate input", () => {
    expect(logLoss([], [])).toEqual({ logLoss: null, status: "NOT_ENOUGH_DATA" });
    expect(logLoss([1], [Number.POSITIVE_INFINITY]).status).toBe("INVALID_INPUT");
  });
});
