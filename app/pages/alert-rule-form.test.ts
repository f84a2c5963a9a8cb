import { describe, expect, it } from "vitest";
import { alertRuleInputSchema } from "#lib/contracts/alerts";
import { alertRuleInputFromForm, formValuesOf } from "./alert-rule-form";

function form(entries: Array<[string, string]>) {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

describe("alert rule form", () => {
  it("reads only the chosen kind's target fields, so leftovers of another kind do not fail the schema", () => {
    const body = alertRuleInputFromForm(
      form([
        ["name", "AUC watch"],
        ["kind", "performance"],
        ["target.experiment", "left-over"],
        ["target.model", "ranker"],
        ["target.metric", "auc"],
        ["target.direction", "below"],
        ["target.k", ""],
        ["threshold", "0.7"],
        ["for", "15m"],
        ["repeatInterval", ""],
        ["enabled", "on"],
      ]),
    );
    expect(body).toEqual({
      name: "AUC watch",
      kind: "performance",
      target: { model: "ranker", metric: "auc", direction: "below" },
      threshold: 0.7,
      for: "15m",
      repeatInterval: undefined,
      webhooks: [],
      enabled: true,
    });
    expect(alertRuleInputSchema.safeParse(body).success).toBe(true);
  });

  it("sends no threshold for kinds that have none, so the schema accepts the form", () => {
    const body = alertRuleInputFromForm(
      form([
        ["name", "Moved"],
        ["kind", "metric_significant"],
        ["target.experiment", "checkout"],
        ["target.metric", "revenue"],
        ["threshold", ""],
        ["for", "15m"],
      ]),
    );
    expect(body).not.toHaveProperty("threshold");
    expect(alertRuleInputSchema.safeParse(body).success).toBe(true);
  });

  it("leaves missing fields out for the schema to name", () => {
    const parsed = alertRuleInputSchema.safeParse(alertRuleInputFromForm(form([["kind", "guardrail"]])));
    expect(parsed.success).toBe(false);
    const paths = parsed.error?.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["name", "target.experiment"]));
  });

  it("round-trips a stored rule through the edit form", () => {
    const rule = {
      id: 1,
      name: "Drift share",
      kind: "drift" as const,
      target: { model: "ranker", version: "v2" },
      threshold: 0.3,
      for: "1h",
      repeatInterval: "4h",
      webhooks: [],
      enabled: false,
      createdAt: "",
      updatedAt: "",
    };
    const data = form(Object.entries(formValuesOf(rule)));
    expect(alertRuleInputFromForm(data)).toMatchObject({
      name: "Drift share",
      kind: "drift",
      target: { model: "ranker", version: "v2" },
      threshold: 0.3,
      for: "1h",
      enabled: false,
    });
  });
});
