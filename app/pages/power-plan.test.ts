import { describe, expect, it } from "vitest";
import { requiredSampleSize } from "#app/stats/experiment/power";
import { powerPage } from "./power-plan";

const plan = (query: string) => powerPage(new URLSearchParams(query));

describe("power calculator", () => {
  it("plans a two-arm conversion test with the engine's sample size and the days the traffic needs", () => {
    const page = plan("baselineRate=10&mde=5&alpha=0.05&power=0.8&variants=2&dailyUnits=2000");
    const n = requiredSampleSize({ metricType: "proportion", baselineRate: 0.1 }, 0.05, {
      alpha: 0.05,
      power: 0.8,
    });
    if (n.status !== "ok") throw new Error("engine refused the inputs");
    expect(page.plan).toMatchObject({ unitsPerVariant: n.nPerVariant, totalUnits: 2 * n.nPerVariant });
    expect(page.plan?.days).toBe(Math.ceil((2 * n.nPerVariant) / 2000));
    expect(page.plan?.absoluteMde).toBeCloseTo(0.005, 12);
  });

  it("splits α over the comparisons with the control, so each arm of a three-arm test needs more units", () => {
    const two = plan("variants=2").plan;
    const three = plan("variants=3").plan;
    expect(three?.comparisonAlpha).toBeCloseTo(0.025, 12);
    expect(three?.unitsPerVariant).toBeGreaterThan(two?.unitsPerVariant ?? Number.POSITIVE_INFINITY);
  });

  it("plans a mean metric from its mean and standard deviation", () => {
    const page = plan("metricType=mean&mean=20&standardDeviation=10&mde=10");
    // d = 2/10 = 0.2 → about 393 units per arm at α 0.05, power 0.8.
    expect(page.plan?.unitsPerVariant).toBe(393);
  });

  it("names each invalid field instead of planning", () => {
    const page = plan("baselineRate=150&variants=1&power=abc");
    expect(page.plan).toBeNull();
    expect(Object.keys(page.errors).sort()).toEqual(["baselineRate", "power", "variants"]);
  });

  it("says why when the change would push the rate past 100%", () => {
    const page = plan("baselineRate=80&mde=50");
    expect(page.plan).toBeNull();
    expect(page.problem).toMatch(/exceed 100%/);
  });
});
