/**
 * Automatic choice of the drift method by feature kind and sample size, modelled on Evidently's
 * default stattest selection (evidently `_get_default_stattest`):
 *
 * | feature                                   | reference n ≤ 1000 | reference n > 1000          |
 * |-------------------------------------------|--------------------|-----------------------------|
 * | numeric, > 5 distinct values              | KS p-value         | Wasserstein / σ_ref         |
 * | numeric, ≤ 5 distinct values (as categories) | chi-square p-value | Jensen–Shannon distance  |
 * | categorical                               | chi-square p-value | Jensen–Shannon distance     |
 *
 * Evidently uses a two-proportion z-test for binary features; Northstar uses chi-square for
 * them too (one fewer method, same hypothesis).
 */
import {
  DEFAULT_LARGE_SAMPLE_SIZE,
  DEFAULT_MAX_CATEGORICAL_NUMERIC_VALUES,
  type DriftMethod,
  type FeatureKind,
} from "./config";

export interface AutoChoice {
  method: DriftMethod;
  /** True when a numeric feature is compared category by category (few distinct values). */
  asCategories: boolean;
}

/** Default drift method for a feature (Evidently-style rule; see the table above). */
export function chooseDriftMethod(input: {
  kind: FeatureKind;
  referenceCount: number;
  /** Distinct non-missing values over both samples (only used for numeric features). */
  distinctValues: number;
  largeSampleSize?: number;
  maxCategoricalNumericValues?: number;
}): AutoChoice {
  const large = input.referenceCount > (input.largeSampleSize ?? DEFAULT_LARGE_SAMPLE_SIZE);
  const asCategories =
    input.kind === "categorical" ||
    input.distinctValues <= (input.maxCategoricalNumericValues ?? DEFAULT_MAX_CATEGORICAL_NUMERIC_VALUES);
  if (asCategories)
    return { method: large ? "jensen-shannon" : "chi-square", asCategories: input.kind === "numeric" };
  return { method: large ? "wasserstein" : "ks", asCategories: false };
}
