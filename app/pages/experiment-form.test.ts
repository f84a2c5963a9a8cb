import { describe, expect, it } from "vitest";
import { experimentCreateSchema } from "#lib/contracts/experiments";
import { experimentInputFromForm } from "./experiment-form";
import { fieldErrors } from "./form-data";

function form(entries: Array<[string, string]>) {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

const complete: Array<[string, string]> = [
  ["key", "ranker-v3"],
  ["name", "Ranker v3"],
  ["hypothesis", ""],
  ["variants.0.key", "control"],
  ["variants.0.weight", "0.5"],
  ["variants.1.key", "treatment"],
  ["variants.1.weight", "0.5"],
  ["variants.1.model", "job-ranker"],
  ["variants.1.modelVersion", "v3"],
  ["variants.2.key", ""],
  ["variants.2.weight", ""],
  ["metrics.primary", "applied"],
  ["metrics.guardrails", "hides"],
  ["settings.engine", "frequentist"],
  ["settings.alpha", "0.05"],
  ["settings.sequential", "on"],
  ["settings.correction", "holm"],
];

describe("the new-experiment form", () => {
  it("reads a filled form into the API's create body, skipping empty variant rows", () => {
    const parsed = experimentCreateSchema.parse(experimentInputFromForm(form(complete)));
    expect(parsed).toMatchObject({
      key: "ranker-v3",
      variants: [
        { key: "control", weight: 0.5 },
        { key: "treatment", weight: 0.5, model: "job-ranker", modelVersion: "v3" },
      ],
      metrics: { primary: "applied", secondary: [], guardrails: ["hides"] },
      settings: { engine: "frequentist", alpha: 0.05, sequential: true, correction: "holm", cuped: false },
    });
    expect(parsed.hypothesis).toBeUndefined();
  });

  it("puts the API schema's messages beside the fields they name", () => {
    const bad = complete.map(([name, value]): [string, string] =>
      name === "key" ? [name, "Not A Key"] : name === "variants.1.weight" ? [name, "0.4"] : [name, value],
    );
    const result = experimentCreateSchema.safeParse(experimentInputFromForm(form(bad)));
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error?.issues ?? []);
    expect(errors.key).toMatch(/must match/);
    expect(errors.variants).toMatch(/weights must sum to 1/);
  });

  it("keeps the first message of a field and accepts the service's error details too", () => {
    expect(
      fieldErrors([
        { path: "metrics.primary", message: 'unknown metric "x"' },
        { path: "metrics.primary", message: "second" },
      ]),
    ).toEqual({ "metrics.primary": 'unknown metric "x"' });
  });
});
