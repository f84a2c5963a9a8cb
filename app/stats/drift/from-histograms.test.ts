import { describe, expect, it } from "vitest";
import type { DriftConfig } from "./config";
import { detectDrift } from "./detect";
import { binCounts, referenceQuantileEdges } from "./histogram";
import { categoryCounts, splitNumeric } from "./missing";
import { bell, integers, referenceCellEdges, valueCellsOf } from "./test-data";
import type { FeatureValue } from "./types";
import { ksFromCells, wassersteinFromCells } from "./value-cells";
import {
  type HistogramComparison,
  allBinLevels,
  chooseBinning,
  detectDriftFromHistograms,
  featureQuantiles,
} from "./from-histograms";

/** What SQL would produce for these raw samples: the profile and both histograms. */
function comparison(
  reference: FeatureValue[],
  current: FeatureValue[],
  config: DriftConfig = {},
  feature = "f",
): HistogramComparison {
  const ref = splitNumeric(reference);
  const present = reference.filter((v) => v !== null && v !== undefined).length;
  const sorted = [...ref.values].sort((a, b) => a - b);
  const profile = {
    present,
    numbers: reference.filter((v) => typeof v === "number").length,
    distinctNumbers: new Set(ref.values).size,
    // Deduplicated quantiles are what SQL's percentile_cont yields once edgesFromQuantiles has run.
    quantiles: referenceQuantileEdges(sorted, 10),
  };
  const { kind, binning } = chooseBinning(profile, config, feature);
  const mean = ref.values.reduce((s, x) => s + x, 0) / (ref.values.length || 1);
  const std = Math.sqrt(ref.values.reduce((s, x) => s + (x - mean) ** 2, 0) / (ref.values.length || 1));
  const histogram = (values: FeatureValue[], categories: string[]) => {
    const split = splitNumeric(values);
    if (binning.mode === "numeric") {
      return {
        counts: binCounts(split.values, binning.edges),
        missing: split.missing,
        min: split.values.length ? Math.min(...split.values) : null,
        max: split.values.length ? Math.max(...split.values) : null,
      };
    }
    const counts = categoryCounts(values);
    const missing = counts.get("__missing__") ?? 0;
    counts.delete("__missing__");
    const known = categories.map((c) => counts.get(c) ?? 0);
    const other = [...counts].filter(([c]) => !categories.includes(c)).reduce((s, [, n]) => s + n, 0);
    return { counts: [...known, other], missing, min: null, max: null };
  };
  const refCategories = [...categoryCounts(reference).keys()].filter((c) => c !== "__missing__").sort();
  const edges = referenceCellEdges(ref.values);
  const cells =
    binning.mode === "numeric"
      ? {
          edges,
          reference: valueCellsOf(ref.values, edges),
          current: valueCellsOf(splitNumeric(current).values, edges),
        }
      : undefined;
  return {
    ...(cells ? { cells } : {}),
    feature,
    kind,
    binning,
    distinctNumbers: profile.distinctNumbers,
    referenceStd: std,
    reference: histogram(reference, refCategories),
    current: histogram(current, refCategories),
  };
}

describe("detectDriftFromHistograms", () => {
  const reference = bell(11, 800, 0, 1);
  const shifted = bell(12, 600, 0.4, 1);

  it("equals detectDrift for the histogram methods on numeric features", () => {
    for (const method of ["psi", "jensen-shannon", "hellinger", "chi-square"] as const) {
      const config: DriftConfig = { method };
      const withMissing: FeatureValue[] = [...shifted.slice(0, 500), ...Array(100).fill(null)];
      const expected = detectDrift(reference, withMissing, config);
      const actual = detectDriftFromHistograms(comparison(reference, withMissing, config), config);
      expect(actual.statistic, method).toBeCloseTo(expected.statistic ?? Number.NaN, 12);
      expect(actual.pValue, method).toBe(expected.pValue === null ? null : actual.pValue);
      if (expected.pValue !== null) expect(actual.pValue ?? Number.NaN).toBeCloseTo(expected.pValue, 12);
      expect(actual).toMatchObject({
        method,
        drifted: expected.drifted,
        status: expected.status,
        referenceCount: 800,
        currentCount: 600,
      });
    }
  });

  it("equals detectDrift on categorical features, a new category included", () => {
    const names = ["a", "b", "c", "d"];
    const ref = integers(3, 500, 3).map((i) => names[i] ?? "a");
    const cur: FeatureValue[] = [...integers(4, 400, 4).map((i) => names[i] ?? "a"), null, null];
    for (const config of [{}, { largeSampleSize: 100 }] as DriftConfig[]) {
      const expected = detectDrift(ref, cur, config);
      const actual = detectDriftFromHistograms(comparison(ref, cur, config), config);
      expect(actual.method).toBe(expected.method);
      const statistic = expected.statistic ?? Number.NaN;
      expect(Math.abs((actual.statistic ?? Number.NaN) - statistic)).toBeLessThan(
        1e-12 * Math.max(1, statistic),
      );
      expect(actual.drifted).toBe(true);
    }
  });

  it("compares few-valued numeric features as categories, as the automatic choice does", () => {
    const ref = integers(5, 300, 3);
    const cur = integers(6, 300, 3);
    const c = comparison(ref, cur);
    expect(c.binning.mode).toBe("categories");
    const expected = detectDrift(ref, cur);
    const actual = detectDriftFromHistograms(c);
    expect(actual.method).toBe("chi-square");
    expect(actual.pValue).toBeCloseTo(expected.pValue ?? Number.NaN, 12);
  });

  it("uses KS and Wasserstein from the fine cells with a separate missing-share test", () => {
    const cur: FeatureValue[] = [...shifted.slice(0, 300), ...Array(300).fill(null)];
    const ks = comparison(reference, cur);
    const ksResult = detectDriftFromHistograms(ks);
    expect(ksResult.method).toBe("ks");
    const ksCells = ks.cells ?? { edges: [], reference: valueCellsOf([], []), current: valueCellsOf([], []) };
    expect(ksResult.statistic).toBe(ksFromCells(ksCells.edges, ksCells.reference, ksCells.current).statistic);
    expect(ksResult.missing).toMatchObject({
      method: "chi-square",
      referenceShare: 0,
      currentShare: 0.5,
      drifted: true,
    });
    expect(ksResult.drifted).toBe(true);

    const w = comparison(reference, shifted, { largeSampleSize: 100 });
    const wResult = detectDriftFromHistograms(w, { largeSampleSize: 100 });
    expect(wResult.method).toBe("wasserstein");
    const cells = w.cells ?? ksCells;
    const expected = wassersteinFromCells(cells.edges, cells.reference, cells.current, w.referenceStd ?? 0);
    expect(wResult.statistic).toBe(expected.statistic);
    // Small samples hold a few values per cell, where the cells are exact.
    expect(wResult.statistic).toBeCloseTo(
      detectDrift(reference, shifted, { largeSampleSize: 100 }).statistic ?? 0,
      12,
    );
    expect(wResult.missing?.method).toBe("jensen-shannon");
  });

  it("answers the degenerate cases with a status instead of a number", () => {
    // Tiny samples on purpose: these are the methods' edge cases, not the row minimum.
    const tiny: DriftConfig = { minRows: 1 };
    const empty = detectDriftFromHistograms(comparison(reference, []), tiny);
    expect(empty).toMatchObject({ status: "NOT_ENOUGH_DATA", statistic: null, drifted: false });
    const allMissing = detectDriftFromHistograms(comparison(reference, [null, null, null]), tiny);
    expect(allMissing).toMatchObject({ status: "ALL_MISSING", drifted: true });
    const config: DriftConfig = { minRows: 1, features: { f: { method: "ks" } } };
    const categorical = detectDriftFromHistograms(comparison(["x", "y"], ["x"], config), config);
    expect(categorical.status).toBe("METHOD_NOT_APPLICABLE");
    // A constant reference has one distinct value: compared as categories, so a moved constant shows.
    const constant = detectDriftFromHistograms(comparison(Array(50).fill(3), Array(50).fill(4)), tiny);
    expect(constant).toMatchObject({ method: "chi-square", status: "ok", drifted: true });
  });

  it("applies per-feature thresholds and kinds from the config", () => {
    const config: DriftConfig = { features: { f: { method: "psi", threshold: 5 } } };
    const r = detectDriftFromHistograms(comparison(reference, shifted, config), config);
    expect(r).toMatchObject({ method: "psi", threshold: 5, drifted: false });
    const asCategories = chooseBinning(
      { present: 3, numbers: 3, distinctNumbers: 40, quantiles: [1, 2] },
      { features: { f: { kind: "categorical" } } },
      "f",
    );
    expect(asCategories).toEqual({ kind: "categorical", binning: { mode: "categories" } });
  });

  it("computes every feature's quantile levels in one list and picks each feature's own", () => {
    const config: DriftConfig = { bins: 4, features: { age: { bins: 2 } } };
    const levels = allBinLevels(config);
    expect(levels).toEqual([0.25, 0.5, 0.75]);
    expect(featureQuantiles([10, 20, 30], levels, config, "age")).toEqual([20]);
    expect(featureQuantiles([10, 20, 30], levels, config, "other")).toEqual([10, 20, 30]);
    expect(featureQuantiles(null, levels, config, "age")).toBeNull();
  });
});
