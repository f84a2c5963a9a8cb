/**
 * The power calculator's view model: the query string's inputs checked by a zod schema (errors
 * beside their fields), then the engine's sample-size function, scaled to the number of arms
 * and the daily traffic. Comparing k − 1 treatments with one control splits α over the
 * comparisons (Bonferroni), so a three-arm test needs more units per arm than a two-arm one.
 */
import { z } from "zod";
import { type PowerBaseline, requiredSampleSize } from "#app/stats/experiment/power";
import { fieldErrors } from "./form-data";

const percent = (max: number) => z.coerce.number().gt(0, "must be above 0").lt(max, `must be below ${max}`);

const powerInputSchema = z
  .object({
    metricType: z.enum(["proportion", "mean"]).default("proportion"),
    baselineRate: percent(100).default(10),
    mean: z.coerce.number().finite().default(1),
    standardDeviation: z.coerce.number().gt(0, "must be above 0").default(1),
    mde: percent(1000).default(5),
    alpha: z.coerce.number().gt(0, "must be above 0").lt(0.5, "must be below 0.5").default(0.05),
    power: z.coerce.number().gt(0.5, "must be above 0.5").lt(1, "must be below 1").default(0.8),
    variants: z.coerce.number().int("must be a whole number").min(2, "at least 2").max(10).default(2),
    dailyUnits: z.coerce.number().gt(0, "must be above 0").default(1000),
  })
  .superRefine((input, ctx) => {
    if (input.metricType === "mean" && input.mean === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["mean"],
        message: "a relative change of a zero mean is undefined",
      });
    }
  });

export type PowerInput = z.output<typeof powerInputSchema>;

export interface PowerPlan {
  unitsPerVariant: number;
  totalUnits: number;
  days: number;
  comparisonAlpha: number;
  absoluteMde: number;
}

export type PowerPage =
  | {
      input: PowerInput;
      values: Record<string, string>;
      plan: PowerPlan | null;
      errors: Record<string, never>;
      problem: string | null;
    }
  | {
      input: null;
      values: Record<string, string>;
      plan: null;
      errors: Record<string, string>;
      problem: null;
    };

/** Reads the calculator's query string (empty fields take their defaults) and plans the test. */
export function powerPage(params: URLSearchParams): PowerPage {
  const values = Object.fromEntries([...params].filter(([, v]) => v.trim() !== ""));
  const parsed = powerInputSchema.safeParse(values);
  if (!parsed.success)
    return { input: null, values, plan: null, errors: fieldErrors(parsed.error.issues), problem: null };
  const input = parsed.data;
  const result = planTest(input);
  return {
    input,
    values,
    plan: "problem" in result ? null : result,
    errors: {},
    problem: "problem" in result ? result.problem : null,
  };
}

export function planTest(input: PowerInput): PowerPlan | { problem: string } {
  const baseline: PowerBaseline =
    input.metricType === "proportion"
      ? { metricType: "proportion", baselineRate: input.baselineRate / 100 }
      : { metricType: "mean", mean: input.mean, standardDeviation: input.standardDeviation };
  const comparisonAlpha = input.alpha / (input.variants - 1);
  const relativeMde = input.mde / 100;
  const result = requiredSampleSize(baseline, relativeMde, { alpha: comparisonAlpha, power: input.power });
  if (result.status !== "ok") {
    return {
      problem:
        input.metricType === "proportion"
          ? "The baseline rate raised by this change would exceed 100%: choose a smaller change."
          : "These inputs admit no plan: check the mean and standard deviation.",
    };
  }
  const totalUnits = result.nPerVariant * input.variants;
  const absoluteMde =
    input.metricType === "proportion"
      ? (input.baselineRate / 100) * relativeMde
      : Math.abs(input.mean) * relativeMde;
  return {
    unitsPerVariant: result.nPerVariant,
    totalUnits,
    days: Math.ceil(totalUnits / input.dailyUnits),
    comparisonAlpha,
    absoluteMde,
  };
}
