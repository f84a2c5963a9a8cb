import { describe, expect, it } from "vitest";
import { describeRule, formatAlertValue } from "./alert-view";

describe("alert rules in words", () => {
  it("says what each kind watches", () => {
    expect(describeRule({ kind: "srm", target: {}, threshold: 0.001 })).toBe(
      "Sample ratio mismatch (p < 0.001) on every running experiment",
    );
    expect(describeRule({ kind: "guardrail", target: { experiment: "checkout" }, threshold: null })).toBe(
      "Any guardrail significantly worse on checkout",
    );
    expect(
      describeRule({ kind: "drift", target: { model: "ranker", feature: "any" }, threshold: null }),
    ).toBe("Any feature drifted in ranker (every version)");
    expect(describeRule({ kind: "drift", target: { model: "ranker", version: "v2" }, threshold: 0.3 })).toBe(
      "More than 30.0% of features drifted in ranker v2",
    );
    expect(
      describeRule({
        kind: "performance",
        target: { model: "ranker", metric: "auc", direction: "below" },
        threshold: 0.7,
      }),
    ).toBe("auc below 0.7 on ranker (every version)");
    expect(describeRule({ kind: "job_failure", target: { job: "model-drift" }, threshold: 3 })).toBe(
      "model-drift failed 3 runs in a row",
    );
  });

  it("writes the observed value in the rule's terms", () => {
    expect(formatAlertValue("srm", 0.00002)).toBe("p < 0.001");
    expect(formatAlertValue("drift", 0.25)).toBe("25.0% of features drifted");
    expect(formatAlertValue("performance", 0.61234)).toBe("0.612");
    expect(formatAlertValue("job_failure", 4)).toBe("4 failed in a row");
    expect(formatAlertValue("guardrail", null)).toBe("—");
  });
});
